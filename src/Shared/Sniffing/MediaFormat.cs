using System;
using System.Text;

namespace ZApi.Shared.Sniffing
{
    /// <summary>
    /// A format that <see cref="MediaSniffer"/> recognises: its name for messages, what it holds, the mime type a status
    /// is posted with (only for what WhatsApp takes as it is), and the one ffmpeg demuxer allowed to read a video.
    /// </summary>
    internal sealed class MediaFormat
    {
        public static readonly MediaFormat Jpeg = new MediaFormat("JPEG", "a JPEG image", MediaCategory.Image, "image/jpeg", null);
        public static readonly MediaFormat Png = new MediaFormat("PNG", "a PNG image", MediaCategory.Image, "image/png", null);
        public static readonly MediaFormat Gif = new MediaFormat("GIF", "a GIF image", MediaCategory.Image, "image/gif", null);
        public static readonly MediaFormat WebP = new MediaFormat("WebP", "a WebP image", MediaCategory.Image, "image/webp", null);
        public static readonly MediaFormat Heic = new MediaFormat("HEIC", "a HEIC image", MediaCategory.Image, null, null);
        public static readonly MediaFormat Avif = new MediaFormat("AVIF", "an AVIF image", MediaCategory.Image, null, null);
        public static readonly MediaFormat Tiff = new MediaFormat("TIFF", "a TIFF image", MediaCategory.Image, null, null);
        public static readonly MediaFormat Bmp = new MediaFormat("BMP", "a BMP image", MediaCategory.Image, null, null);

        // ffmpeg's mov demuxer reads every ISO media file: MP4, 3GP and QuickTime alike.
        public static readonly MediaFormat Mp4 = new MediaFormat("MP4", "an MP4 video", MediaCategory.Video, "video/mp4", "mov");
        public static readonly MediaFormat ThreeGpp = new MediaFormat("3GP", "a 3GP video", MediaCategory.Video, "video/3gpp", "mov");
        public static readonly MediaFormat QuickTime = new MediaFormat("QuickTime", "a QuickTime video", MediaCategory.Video, null, "mov");

        // WebM is Matroska; ffmpeg's one demuxer reads both.
        public static readonly MediaFormat Matroska = new MediaFormat("Matroska/WebM", "a Matroska/WebM video", MediaCategory.Video, null, "matroska");
        public static readonly MediaFormat Avi = new MediaFormat("AVI", "an AVI video", MediaCategory.Video, null, "avi");

        public static readonly MediaFormat Pdf = Other("PDF", "a PDF document");
        public static readonly MediaFormat Zip = Other("ZIP archive", "a ZIP archive");
        public static readonly MediaFormat JpegXl = Other("JPEG XL", "a JPEG XL image");
        public static readonly MediaFormat Photoshop = Other("Photoshop", "a Photoshop document");
        public static readonly MediaFormat Svg = Other("SVG", "an SVG drawing");
        public static readonly MediaFormat Markup = Other("HTML or XML", "an HTML or XML document");
        public static readonly MediaFormat Text = Other("text", "a text file");
        public static readonly MediaFormat TruncatedJpeg = Other("truncated JPEG", "a truncated JPEG (it ends before its first segment)");

        private MediaFormat(string name, string description, MediaCategory category, string? mimeType, string? demuxer)
        {
            Name = name;
            Description = description;
            Category = category;
            MimeType = mimeType;
            Demuxer = demuxer;
        }

        /// <summary>The format's usual name: "HEIC", "JPEG", "MP4", ...</summary>
        public string Name { get; }

        /// <summary>The name with an article and what it holds, to follow "is" in a message: "a HEIC image", "an MP4 video".</summary>
        public string Description { get; }

        public MediaCategory Category { get; }

        /// <summary>The mime type a status carries this format with; null for what WhatsApp does not take as it is.</summary>
        public string? MimeType { get; }

        /// <summary>For a video, the one ffmpeg demuxer allowed to read it; null otherwise.</summary>
        public string? Demuxer { get; }

        /// <summary>
        /// An ISO media file whose major brand is none of the known ones (a camera's own, such as Sony's XAVC): read as
        /// a video by the one demuxer for ISO media, never posted as it is.
        /// </summary>
        public static MediaFormat IsoMedia(string majorBrand)
        {
            var brand = new StringBuilder(majorBrand.Length);
            foreach (char c in majorBrand)
            {
                brand.Append(c >= ' ' && c < '\u007F' ? c : '?');
            }

            string name = "ISO media (brand '" + brand.ToString().TrimEnd() + "')";
            return new MediaFormat(name, "an " + name + " file", MediaCategory.Video, null, "mov");
        }

        public override string ToString() => Name;

        private static MediaFormat Other(string name, string description) => new MediaFormat(name, description, MediaCategory.Other, null, null);
    }
}
