using System.IO;
using System.Management.Automation;
using System.Threading;
using ZApi.Status.MediaModule.Cache;
using ZApi.Status.MediaModule.Video;

namespace ZApi.Status.MediaModule.Commands
{
    /// <summary>ConvertTo-ZApiStatusVideo: any clip a phone makes, as an H.264 + AAC MP4 within the byte and duration limits, through ffmpeg.</summary>
    [Cmdlet(VerbsData.ConvertTo, "ZApiStatusVideo", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ConvertToZApiStatusVideoCommand : ConvertToZApiStatusMediaCmdlet
    {
        private FfmpegTools? _tools;

        #region Parameters

        [Parameter]
        [ValidateRange(256 * 1024, long.MaxValue)]
        public long MaximumBytes { get; set; } = VideoSettings.DefaultMaximumBytes;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int MaximumDurationSec { get; set; } = VideoSettings.DefaultMaximumDurationSec;

        [Parameter]
        [ValidateRange(144, 4096)]
        public int MaximumDimension { get; set; } = VideoSettings.DefaultMaximumDimension;

        #endregion

        internal override SourceKind Kind => SourceKind.Video;

        internal override PreparedMedia Prepare(string file, ContentCache cache, CancellationToken cancellation)
        {
            // Looked up with the first input, so an empty pipeline needs no ffmpeg and the error names an input.
            _tools ??= FfmpegTools.Locate();
            var settings = new VideoSettings
            {
                MaximumBytes = MaximumBytes,
                MaximumDurationSec = MaximumDurationSec,
                MaximumDimension = MaximumDimension,
                KeepMetadata = KeepMetadata,
            };
            var preparer = new VideoPreparer(settings, cache, _tools);
            try
            {
                return preparer.Prepare(file, cancellation);
            }
            finally
            {
                preparer.Warnings.ForEach(WriteWarning);
            }
        }
    }
}
