using System;
using System.IO;
using System.Text;

namespace ZApi.Shared.Sniffing
{
    /// <summary>
    /// Tells a file's format from its first bytes, never from its extension: a HEIC from an iPhone renamed .jpg is the
    /// usual case, Z-API needs the real mime type in a data URI, and only the formats a decoder is meant for may ever
    /// reach it. One answer per byte sequence, for every command that asks. Arrays rather than spans: the media
    /// module carries no System.Memory.
    /// </summary>
    internal static class MediaSniffer
    {
        /// <summary>Enough bytes for every signature, and for the compatible brands of an ISO media ftyp box.</summary>
        public const int HeaderLength = 64;

        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        private static readonly byte[] MatroskaSignature = { 0x1A, 0x45, 0xDF, 0xA3 };

        /// <summary>HEIF brands: still images and image sequences coded with HEVC (iPhone photos), or generic HEIF.</summary>
        private static readonly string[] HeifBrands = { "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "mif2" };

        private static readonly string[] AvifBrands = { "avif", "avis" };

        /// <summary>The major brands of MP4 files that WhatsApp plays as they are.</summary>
        private static readonly string[] Mp4Brands =
        {
            "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "avc1", "M4V ", "M4VP", "mmp4", "dash", "MSNV",
        };

        /// <summary>The DIB header sizes of the BMP versions: "BM" alone is too weak, a text file may start with it.</summary>
        private static readonly int[] DibHeaderSizes = { 12, 40, 52, 56, 64, 108, 124 };

        /// <summary>Reads up to <see cref="HeaderLength"/> bytes from where <paramref name="stream"/> is, and sniffs them.</summary>
        public static MediaFormat? Detect(Stream stream)
        {
            var header = new byte[HeaderLength];
            return Detect(header, StreamBytes.ReadUpTo(stream, header, header.Length));
        }

        /// <summary>The format of content that is all in <paramref name="content"/>.</summary>
        public static MediaFormat? Detect(byte[] content) => Detect(content, content.Length);

        /// <summary>The format of the content whose first <paramref name="length"/> bytes are in <paramref name="header"/>, or null when nothing fits.</summary>
        public static MediaFormat? Detect(byte[] header, int length)
        {
            length = Math.Min(length, header.Length);
            if (length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
            {
                return MediaFormat.Jpeg;
            }

            if (StartsWith(header, length, PngSignature))
            {
                return MediaFormat.Png;
            }

            string? signature = Ascii(header, length, 0, 4);
            string? subtype = Ascii(header, length, 8, 4);
            if (signature == "GIF8" && (Ascii(header, length, 4, 2) == "7a" || Ascii(header, length, 4, 2) == "9a"))
            {
                return MediaFormat.Gif;
            }

            if (signature == "RIFF" && subtype == "WEBP")
            {
                return MediaFormat.WebP;
            }

            if (signature == "RIFF" && subtype == "AVI ")
            {
                return MediaFormat.Avi;
            }

            if (signature == "II*\0" || signature == "MM\0*")
            {
                return MediaFormat.Tiff;
            }

            if (IsBmp(header, length))
            {
                return MediaFormat.Bmp;
            }

            if (Ascii(header, length, 4, 4) == "ftyp" && subtype != null)
            {
                return DetectIsoMedia(header, length, subtype);
            }

            if (StartsWith(header, length, MatroskaSignature))
            {
                return MediaFormat.Matroska;
            }

            return DetectOther(header, length);
        }

        /// <summary>ISO base media (an ftyp box first): HEIC and AVIF photos, MP4, 3GP and QuickTime videos.</summary>
        private static MediaFormat DetectIsoMedia(byte[] header, int length, string majorBrand)
        {
            if (Array.IndexOf(AvifBrands, majorBrand) >= 0)
            {
                return MediaFormat.Avif;
            }

            if (Array.IndexOf(HeifBrands, majorBrand) >= 0)
            {
                // mif1 is the generic HEIF brand: an AVIF says so among its compatible brands.
                return HasCompatibleBrand(header, length, AvifBrands) ? MediaFormat.Avif : MediaFormat.Heic;
            }

            if (majorBrand == "qt  ")
            {
                return MediaFormat.QuickTime;
            }

            // 3gp4 to 3gp7, 3gr6, 3gs6, 3ge6, 3gg6 (3GPP) and 3g2a to 3g2c (3GPP2): all 3GP.
            if (majorBrand.StartsWith("3g", StringComparison.Ordinal))
            {
                return MediaFormat.ThreeGpp;
            }

            return Array.IndexOf(Mp4Brands, majorBrand) >= 0 ? MediaFormat.Mp4 : MediaFormat.IsoMedia(majorBrand);
        }

        /// <summary>Whether the ftyp box lists one of <paramref name="brands"/> among its compatible brands (after the minor version).</summary>
        private static bool HasCompatibleBrand(byte[] header, int length, string[] brands)
        {
            long boxSize = ((long)header[0] << 24) | ((long)header[1] << 16) | ((long)header[2] << 8) | header[3];
            long end = Math.Min(boxSize, length);
            for (int offset = 16; offset + 4 <= end; offset += 4)
            {
                if (Array.IndexOf(brands, Ascii(header, length, offset, 4)) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsBmp(byte[] header, int length)
        {
            if (length < 18 || Ascii(header, length, 0, 2) != "BM")
            {
                return false;
            }

            int dibSize = header[14] | (header[15] << 8) | (header[16] << 16) | (header[17] << 24);
            return Array.IndexOf(DibHeaderSizes, dibSize) >= 0;
        }

        /// <summary>A name for content that no command decodes, for the error message; null when nothing fits.</summary>
        private static MediaFormat? DetectOther(byte[] header, int length)
        {
            string? signature = Ascii(header, length, 0, 4);
            if (signature == "%PDF")
            {
                return MediaFormat.Pdf;
            }

            if (signature == "PK\u0003\u0004")
            {
                return MediaFormat.Zip;
            }

            if ((length >= 2 && header[0] == 0xFF && header[1] == 0x0A) || Ascii(header, length, 4, 4) == "JXL ")
            {
                return MediaFormat.JpegXl;
            }

            if (signature == "8BPS")
            {
                return MediaFormat.Photoshop;
            }

            // A JPEG's start-of-image marker without a segment after it: a file cut short after its first bytes.
            if (length >= 2 && header[0] == 0xFF && header[1] == 0xD8)
            {
                return MediaFormat.TruncatedJpeg;
            }

            string text = Encoding.UTF8.GetString(header, 0, length).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
                || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.IndexOf("<svg", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return MediaFormat.Svg;
            }

            if (text.StartsWith("<", StringComparison.Ordinal))
            {
                return MediaFormat.Markup;
            }

            return length > 0 && IsText(header, length) ? MediaFormat.Text : null;
        }

        /// <summary>No control character but tab, line breaks, form feed and escape: text in any ASCII-based encoding.</summary>
        private static bool IsText(byte[] header, int length)
        {
            for (int i = 0; i < length; i++)
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

        /// <summary>The bytes at <paramref name="offset"/> as ASCII, or null when the content is shorter.</summary>
        private static string? Ascii(byte[] header, int length, int offset, int count) =>
            offset + count <= length ? Encoding.ASCII.GetString(header, offset, count) : null;
    }
}
