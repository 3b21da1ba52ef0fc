using System.Globalization;

namespace ZApi.Status.MediaModule.Images
{
    /// <summary>What ConvertTo-ZApiStatusImage makes of a photo; part of every cache key.</summary>
    internal sealed class ImageSettings
    {
        /// <summary>Full HD on the longest side: sharp on any phone screen, where a status fills the screen.</summary>
        public const int DefaultMaximumDimension = 1920;

        /// <summary>5 MiB: far under Z-API's limit, and a 1920-pixel JPEG at quality 85 fits it with room to spare.</summary>
        public const long DefaultMaximumBytes = 5L * 1024 * 1024;

        public const uint StartQuality = 85;

        public int MaximumDimension { get; set; } = DefaultMaximumDimension;

        public long MaximumBytes { get; set; } = DefaultMaximumBytes;

        public bool KeepMetadata { get; set; }

        /// <summary>The settings and the encoder's version as text: a change to either makes new cache entries.</summary>
        public string Recipe(string encoderVersion) => string.Format(CultureInfo.InvariantCulture,
            "image/1|dimension={0}|bytes={1}|metadata={2}|quality={3}|{4}", MaximumDimension, MaximumBytes, KeepMetadata, StartQuality, encoderVersion);
    }
}
