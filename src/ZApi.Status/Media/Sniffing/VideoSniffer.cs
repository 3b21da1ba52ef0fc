using System;

// Compiled into ZApi.Sandbox as well: base class library only (see AsciiSignature.cs).
namespace ZApi.Status.Media.Sniffing
{
    /// <summary>
    /// Tells a video's container from its first bytes. WhatsApp takes MP4 and 3GP, both ISO media files whose first
    /// box is <c>ftyp</c> with a major brand; a QuickTime .mov has the same box but WhatsApp refuses it.
    /// </summary>
    internal static class VideoSniffer
    {
        public const int HeaderLength = 16;

        public const string Mp4 = "video/mp4";
        public const string ThreeGpp = "video/3gpp";

        /// <summary>The mime type of an MP4 or 3GP video, or null.</summary>
        public static string? DetectMimeType(ReadOnlySpan<byte> header)
        {
            if (header.Length < 12 || AsciiSignature.Read(header, 4, 4) != "ftyp")
            {
                return null;
            }

            string brand = AsciiSignature.Read(header, 8, 4);
            if (brand.StartsWith("3gp", StringComparison.Ordinal) || brand.StartsWith("3g2", StringComparison.Ordinal))
            {
                return ThreeGpp;
            }

            switch (brand)
            {
                case "isom":
                case "iso2":
                case "iso4":
                case "iso5":
                case "iso6":
                case "mp41":
                case "mp42":
                case "avc1":
                case "M4V ":
                case "M4VP":
                case "mmp4":
                case "dash":
                case "MSNV":
                    return Mp4;
                default:
                    return null;
            }
        }

        /// <summary>A name for content that is not MP4 or 3GP, for the error message, or null when unrecognised.</summary>
        public static string? DescribeUnsupported(ReadOnlySpan<byte> header)
        {
            if (ImageSniffer.DetectMimeType(header) is string image)
            {
                return image.Substring("image/".Length).ToUpperInvariant() + " image";
            }

            if (header.Length >= 4 && header[0] == 0x1A && header[1] == 0x45 && header[2] == 0xDF && header[3] == 0xA3)
            {
                return "WebM/Matroska";
            }

            if (header.Length >= 12 && AsciiSignature.Read(header, 0, 4) == "RIFF" && AsciiSignature.Read(header, 8, 4) == "AVI ")
            {
                return "AVI";
            }

            return ImageSniffer.DescribeUnsupported(header);
        }
    }
}
