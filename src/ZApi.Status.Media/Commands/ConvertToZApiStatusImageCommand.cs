using System.IO;
using System.Management.Automation;
using System.Threading;
using ZApi.Status.MediaModule.Cache;
using ZApi.Status.MediaModule.Images;

namespace ZApi.Status.MediaModule.Commands
{
    /// <summary>ConvertTo-ZApiStatusImage: any photo a phone makes, as an upright, metadata-free JPEG (PNG when transparent) within the limits.</summary>
    [Cmdlet(VerbsData.ConvertTo, "ZApiStatusImage", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ConvertToZApiStatusImageCommand : ConvertToZApiStatusMediaCmdlet
    {
        #region Parameters

        [Parameter]
        [ValidateRange(64, MagickRuntime.MaximumSide)]
        public int MaximumDimension { get; set; } = ImageSettings.DefaultMaximumDimension;

        [Parameter]
        [ValidateRange(16 * 1024, long.MaxValue)]
        public long MaximumBytes { get; set; } = ImageSettings.DefaultMaximumBytes;

        #endregion

        internal override SourceKind Kind => SourceKind.Image;

        internal override PreparedMedia Prepare(string file, ContentCache cache, CancellationToken cancellation)
        {
            var settings = new ImageSettings { MaximumDimension = MaximumDimension, MaximumBytes = MaximumBytes, KeepMetadata = KeepMetadata };
            return new ImagePreparer(settings, cache).Prepare(file, cancellation);
        }
    }
}
