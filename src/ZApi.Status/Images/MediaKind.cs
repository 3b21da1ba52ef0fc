using System;
using System.Linq;

namespace ZApi.Status.Images
{
    /// <summary>
    /// What differs between the media statuses (image, video): the Z-API action and field, how the content is
    /// recognised, the size limit and the ids and advice for content that does not fit. Everything else (paths,
    /// links, Base64, streaming, retry) is shared, so another media kind is one more subclass.
    /// </summary>
    internal abstract class MediaKind
    {
        public static readonly MediaKind Image = new ImageKind();

        public static readonly MediaKind Video = new VideoKind();

        /// <summary>The kind a Send-ZApi&lt;Title&gt;Status command posts, or null for another command.</summary>
        public static MediaKind? ForCommand(string commandName) =>
            new[] { Image, Video }.FirstOrDefault(kind => string.Equals(commandName, "Send-ZApi" + kind.Title + "Status", StringComparison.OrdinalIgnoreCase));

        /// <summary>"image", "video": the JSON field, the mime type's top level, and the word in messages.</summary>
        public abstract string Noun { get; }

        /// <summary>"an image", "a video".</summary>
        public abstract string WithArticle { get; }

        /// <summary>"Image", "Video": as in Send-ZApiImageStatus and -MaximumImageBytes.</summary>
        public string Title => char.ToUpperInvariant(Noun[0]) + Noun.Substring(1);

        /// <summary>A file extension for the example link in messages.</summary>
        public abstract string ExampleExtension { get; }

        /// <summary>The last segment of the route, such as send-image-status.</summary>
        public string Action => "send-" + Noun + "-status";

        /// <summary>Leading bytes that <see cref="DetectMimeType"/> needs.</summary>
        public abstract int HeaderLength { get; }

        public abstract long DefaultMaximumBytes { get; }

        /// <summary>The usual file extensions, for tab completion only: the content decides what is posted.</summary>
        public abstract string[] FileExtensions { get; }

        /// <summary>The accepted types, for messages: "JPEG, PNG, WebP or GIF".</summary>
        public abstract string SupportedTypes { get; }

        public abstract ZApiErrorId UnsupportedTypeId { get; }

        public abstract ZApiErrorId TooLargeId { get; }

        /// <summary>The mime type of supported content, or null.</summary>
        public abstract string? DetectMimeType(ReadOnlySpan<byte> header);

        /// <summary>A name for recognised but unsupported content ("HEIC", "QuickTime video"), or null.</summary>
        public abstract string? DescribeUnsupported(ReadOnlySpan<byte> header);

        /// <summary>What to do about content of the type <paramref name="known"/> names (null: unrecognised).</summary>
        public virtual string AdviceFor(string? known) =>
            $"Only {SupportedTypes} can be posted; the type is read from the content, not the extension.";

        private sealed class ImageKind : MediaKind
        {
            public override string Noun => "image";

            public override string WithArticle => "an image";

            public override string ExampleExtension => "png";

            public override int HeaderLength => ImageSniffer.HeaderLength;

            public override long DefaultMaximumBytes => 16 * 1024 * 1024;

            public override string[] FileExtensions => new[] { ".jpg", ".jpeg", ".png", ".gif", ".webp" };

            public override string SupportedTypes => "JPEG, PNG, WebP and GIF";

            public override ZApiErrorId UnsupportedTypeId => ZApiErrorId.UnsupportedImageType;

            public override ZApiErrorId TooLargeId => ZApiErrorId.ImageTooLarge;

            public override string? DetectMimeType(ReadOnlySpan<byte> header) => ImageSniffer.DetectMimeType(header);

            public override string? DescribeUnsupported(ReadOnlySpan<byte> header) => ImageSniffer.DescribeUnsupported(header);

            public override string AdviceFor(string? known) =>
                known == "HEIC"
                    ? "WhatsApp does not take HEIC: convert it to JPEG first (iPhone: Settings > Camera > Formats > Most Compatible)."
                    : base.AdviceFor(known);
        }

        private sealed class VideoKind : MediaKind
        {
            public override string Noun => "video";

            public override string WithArticle => "a video";

            public override string ExampleExtension => "mp4";

            public override int HeaderLength => VideoSniffer.HeaderLength;

            // Z-API's documented limit for send-video-status.
            public override long DefaultMaximumBytes => 10 * 1024 * 1024;

            public override string[] FileExtensions => new[] { ".mp4", ".m4v", ".3gp" };

            public override string SupportedTypes => "MP4 and 3GP videos";

            public override ZApiErrorId UnsupportedTypeId => ZApiErrorId.UnsupportedVideoType;

            public override ZApiErrorId TooLargeId => ZApiErrorId.VideoTooLarge;

            public override string? DetectMimeType(ReadOnlySpan<byte> header) => VideoSniffer.DetectMimeType(header);

            public override string? DescribeUnsupported(ReadOnlySpan<byte> header) => VideoSniffer.DescribeUnsupported(header);

            public override string AdviceFor(string? known) =>
                known != null && known.EndsWith(" image", StringComparison.Ordinal)
                    ? "Post images with Send-ZApiImageStatus."
                    : "Only MP4 and 3GP videos can be posted: convert it first, for example ffmpeg -i in.mov -c:v libx264 -c:a aac out.mp4.";
        }
    }
}
