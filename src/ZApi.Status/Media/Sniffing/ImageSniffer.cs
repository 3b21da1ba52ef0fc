using System;

// Compiled into ZApi.Sandbox as well: base class library only (see AsciiSignature.cs).
namespace ZApi.Status.Media.Sniffing
{
    /// <summary>
    /// Tells an image's type from its first bytes. Extensions lie (a HEIC from an iPhone renamed .jpg is the
    /// usual case), and Z-API needs the real mime type in the data URI.
    /// </summary>
    internal static class ImageSniffer
    {
        /// <summary>Enough leading bytes for every signature below.</summary>
        public const int HeaderLength = 16;

        public const string Jpeg = "image/jpeg";
        public const string Png = "image/png";
        public const string Gif = "image/gif";
        public const string WebP = "image/webp";

        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>The mime type of a supported image, or null.</summary>
        public static string? DetectMimeType(ReadOnlySpan<byte> header)
        {
            if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
            {
                return Jpeg;
            }

            if (header.StartsWith(PngSignature))
            {
                return Png;
            }

            if (header.Length >= 6 && (AsciiSignature.Read(header, 0, 6) == "GIF87a" || AsciiSignature.Read(header, 0, 6) == "GIF89a"))
            {
                return Gif;
            }

            if (header.Length >= 12 && AsciiSignature.Read(header, 0, 4) == "RIFF" && AsciiSignature.Read(header, 8, 4) == "WEBP")
            {
                return WebP;
            }

            return null;
        }

        /// <summary>
        /// A name for content that is not a supported image, for the error message ("HEIC", "PDF", ...), or null
        /// when the content is not recognised at all.
        /// </summary>
        public static string? DescribeUnsupported(ReadOnlySpan<byte> header)
        {
            if (header.Length >= 12 && AsciiSignature.Read(header, 4, 4) == "ftyp")
            {
                switch (AsciiSignature.Read(header, 8, 4))
                {
                    case "heic":
                    case "heix":
                    case "hevc":
                    case "hevx":
                    case "heim":
                    case "heis":
                    case "mif1":
                    case "msf1":
                        return "HEIC";
                    case "avif":
                    case "avis":
                        return "AVIF";
                    case "qt  ":
                        return "QuickTime video";
                    default:
                        return "MP4/ISO media";
                }
            }

            if (header.Length >= 4 && AsciiSignature.Read(header, 0, 4) == "%PDF")
            {
                return "PDF";
            }

            if (header.Length >= 2 && AsciiSignature.Read(header, 0, 2) == "BM")
            {
                return "BMP";
            }

            if (header.Length >= 4 && (AsciiSignature.Read(header, 0, 4) == "II*\0" || AsciiSignature.Read(header, 0, 4) == "MM\0*"))
            {
                return "TIFF";
            }

            if (header.Length >= 2 && header[0] == 0xFF && header[1] == 0xD8)
            {
                return "truncated JPEG";
            }

            return null;
        }

    }
}
