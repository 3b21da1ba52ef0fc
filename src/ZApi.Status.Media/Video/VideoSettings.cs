using System.Globalization;

namespace ZApi.Status.MediaModule.Video
{
    /// <summary>What ConvertTo-ZApiStatusVideo makes of a clip; part of every cache key.</summary>
    internal sealed class VideoSettings
    {
        /// <summary>Z-API's limit for a video status, as Send-ZApiVideoStatus's -MaximumVideoBytes.</summary>
        public const long DefaultMaximumBytes = 10L * 1024 * 1024;

        /// <summary>WhatsApp plays a status video for up to a minute; longer clips are cut there.</summary>
        public const int DefaultMaximumDurationSec = 60;

        /// <summary>720p: what WhatsApp shows a status video at.</summary>
        public const int DefaultMaximumDimension = 1280;

        public long MaximumBytes { get; set; } = DefaultMaximumBytes;

        public int MaximumDurationSec { get; set; } = DefaultMaximumDurationSec;

        public int MaximumDimension { get; set; } = DefaultMaximumDimension;

        public bool KeepMetadata { get; set; }

        public string Recipe(string encoderVersion) => string.Format(CultureInfo.InvariantCulture,
            "video/1|bytes={0}|duration={1}|dimension={2}|metadata={3}|{4}", MaximumBytes, MaximumDurationSec, MaximumDimension, KeepMetadata, encoderVersion);
    }
}
