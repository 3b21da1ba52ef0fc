using System;
using System.IO;
using System.Text;

namespace ZApi.Status.MediaModule
{
    /// <summary>
    /// Tells a file's format from its first bytes, never from its extension, so that only the formats the module
    /// decodes ever reach a decoder: a text file renamed .heic, an SVG or a PDF is refused before ImageMagick or
    /// ffmpeg sees a byte of it.
    /// </summary>
    internal static class MediaSniffer
    {
        /// <summary>Enough bytes for every signature, and for the compatible brands of an ISO media ftyp box.</summary>
        public const int HeaderLength = 64;

        public const string Jpeg = "JPEG";
        public const string Png = "PNG";
        public const string Gif = "GIF";
        public const string WebP = "WebP";
        public const string Heic = "HEIC";
        public const string Avif = "AVIF";
        public const string Tiff = "TIFF";
        public const string Bmp = "BMP";

        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        private static readonly byte[] MatroskaSignature = { 0x1A, 0x45, 0xDF, 0xA3 };

        /// <summary>HEIF brands: still images and image sequences coded with HEVC (iPhone photos), or generic HEIF.</summary>
        private static readonly string[] HeifBrands = { "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "mif2" };

        private static readonly string[] AvifBrands = { "avif", "avis" };

        /// <summary>Reads up to <see cref="HeaderLength"/> bytes from the start of <paramref name="stream"/> and sniffs them.</summary>
        public static SniffedMedia? Detect(Stream stream)
        {
            var header = new byte[HeaderLength];
            int length = 0;
            int read;
            while (length < header.Length && (read = stream.Read(header, length, header.Length - length)) > 0)
            {
                length += read;
            }

            return Detect(header, length);
        }

        /// <summary>The format of the content whose first <paramref name="length"/> bytes are given, or null when unknown.</summary>
        public static SniffedMedia? Detect(byte[] header, int length)
        {
            if (length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
            {
                return SniffedMedia.Image(Jpeg);
            }

            if (StartsWith(header, length, PngSignature))
            {
                return SniffedMedia.Image(Png);
            }

            if (Ascii(header, length, 0, 6) == "GIF87a" || Ascii(header, length, 0, 6) == "GIF89a")
            {
                return SniffedMedia.Image(Gif);
            }

            if (Ascii(header, length, 0, 4) == "RIFF")
            {
                switch (Ascii(header, length, 8, 4))
                {
                    case "WEBP": return SniffedMedia.Image(WebP);
                    case "AVI ": return SniffedMedia.Video("AVI", "avi");
                }
            }

            if (Ascii(header, length, 0, 4) == "II*\0" || Ascii(header, length, 0, 4) == "MM\0*")
            {
                return SniffedMedia.Image(Tiff);
            }

            if (IsBmp(header, length))
            {
                return SniffedMedia.Image(Bmp);
            }

            if (Ascii(header, length, 4, 4) == "ftyp")
            {
                return DetectIsoMedia(header, length);
            }

            if (StartsWith(header, length, MatroskaSignature))
            {
                // WebM is Matroska; ffmpeg's one demuxer reads both.
                return SniffedMedia.Video("Matroska/WebM", "matroska");
            }

            return DescribeOther(header, length);
        }

        /// <summary>ISO base media (ftyp box): HEIC and AVIF photos, MP4, 3GP and QuickTime videos.</summary>
        private static SniffedMedia DetectIsoMedia(byte[] header, int length)
        {
            string major = Ascii(header, length, 8, 4) ?? string.Empty;
            if (Array.IndexOf(AvifBrands, major) >= 0)
            {
                return SniffedMedia.Image(Avif);
            }

            if (Array.IndexOf(HeifBrands, major) >= 0)
            {
                // mif1 is the generic HEIF brand: an AVIF says so among its compatible brands.
                return HasCompatibleBrand(header, length, AvifBrands) ? SniffedMedia.Image(Avif) : SniffedMedia.Image(Heic);
            }

            if (major == "qt  ")
            {
                return SniffedMedia.Video("QuickTime", "mov");
            }

            if (major.StartsWith("3g", StringComparison.Ordinal))
            {
                return SniffedMedia.Video("3GP", "mov");
            }

            // isom, iso2-9, mp41, mp42, avc1, M4V, dash, MSNV ...: ffmpeg's mov demuxer reads every ISO media file.
            return SniffedMedia.Video("MP4", "mov");
        }

        private static bool HasCompatibleBrand(byte[] header, int length, string[] brands)
        {
            int boxSize = length >= 4 ? (header[0] << 24) | (header[1] << 16) | (header[2] << 8) | header[3] : 0;
            int end = Math.Min(Math.Min(boxSize, length), header.Length);
            for (int offset = 16; offset + 4 <= end; offset += 4)
            {
                if (Array.IndexOf(brands, Ascii(header, length, offset, 4)) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>"BM" alone is too weak (a text file may start with it): the DIB header size must be a real one.</summary>
        private static bool IsBmp(byte[] header, int length)
        {
            if (Ascii(header, length, 0, 2) != "BM" || length < 18)
            {
                return false;
            }

            int dibSize = header[14] | (header[15] << 8) | (header[16] << 16) | (header[17] << 24);
            return dibSize == 12 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 64 || dibSize == 108 || dibSize == 124;
        }

        /// <summary>A name for content that no cmdlet decodes, for the error message; null when nothing fits.</summary>
        private static SniffedMedia? DescribeOther(byte[] header, int length)
        {
            if (Ascii(header, length, 0, 4) == "%PDF")
            {
                return SniffedMedia.Other("PDF");
            }

            if (Ascii(header, length, 0, 4) == "PK\u0003\u0004")
            {
                return SniffedMedia.Other("ZIP archive");
            }

            if ((length >= 2 && header[0] == 0xFF && header[1] == 0x0A) || Ascii(header, length, 4, 4) == "JXL ")
            {
                return SniffedMedia.Other("JPEG XL");
            }

            if (Ascii(header, length, 0, 4) == "8BPS")
            {
                return SniffedMedia.Other("Photoshop");
            }

            string text = Encoding.UTF8.GetString(header, 0, Math.Min(length, header.Length)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.IndexOf("<svg", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return SniffedMedia.Other("SVG");
            }

            if (text.StartsWith("<", StringComparison.Ordinal))
            {
                return SniffedMedia.Other("HTML or XML");
            }

            if (length > 0 && IsText(header, length))
            {
                return SniffedMedia.Other("text");
            }

            return null;
        }

        private static bool IsText(byte[] header, int length)
        {
            for (int i = 0; i < Math.Min(length, header.Length); i++)
            {
                byte b = header[i];
                if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) || b == 0x7F)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool StartsWith(byte[] header, int length, byte[] signature)
        {
            if (length < signature.Length)
            {
                return false;
            }

            for (int i = 0; i < signature.Length; i++)
            {
                if (header[i] != signature[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string? Ascii(byte[] header, int length, int offset, int count) =>
            offset + count <= Math.Min(length, header.Length) ? Encoding.ASCII.GetString(header, offset, count) : null;
    }
}
