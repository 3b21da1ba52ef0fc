using System;
using ZApi.Status.Media.Sniffing;

namespace ZApi.Status.Media
{
    /// <summary>send-image-status: JPEG, PNG, WebP and GIF, recognised by their signatures.</summary>
    internal sealed class ImageKind : MediaKind
    {
        public override string Noun => "image";

        public override string WithArticle => "an image";

        public override string ExampleExtension => "png";

        public override int HeaderLength => ImageSniffer.HeaderLength;

        public override long DefaultMaximumBytes => 16 * 1024 * 1024;

        public override string[] FileExtensions => new[] { ".jpg", ".jpeg", ".png", ".gif", ".webp" };

        public override string SupportedTypes => "JPEG, PNG, WebP and GIF";

        public override ZApiErrorId NotFoundId => ZApiErrorId.ImageNotFound;

        public override ZApiErrorId EmptyId => ZApiErrorId.ImageEmpty;

        public override ZApiErrorId UnreadableId => ZApiErrorId.ImageUnreadable;

        public override ZApiErrorId InvalidUriId => ZApiErrorId.InvalidImageUri;

        public override ZApiErrorId UnsupportedTypeId => ZApiErrorId.UnsupportedImageType;

        public override ZApiErrorId TooLargeId => ZApiErrorId.ImageTooLarge;

        public override string? DetectMimeType(ReadOnlySpan<byte> header) => ImageSniffer.DetectMimeType(header);

        public override string? DescribeUnsupported(ReadOnlySpan<byte> header) => ImageSniffer.DescribeUnsupported(header);

        public override string AdviceFor(string? known) =>
            known == "HEIC" || known == "AVIF" || known == "TIFF" || known == "BMP"
                ? $"WhatsApp does not take {known}: convert it first with ConvertTo-ZApiStatusImage from the ZApi.Status.Media module (Get-ChildItem ... | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus)."
                : base.AdviceFor(known);

        public override MediaStatusResult CreateResult(MediaSource media, string? caption, string? zaapId, string? messageId, DateTimeOffset? sentAt) =>
            new ImageStatusResult(media.Source, caption, media.MimeType, media.ByteCount, zaapId, messageId, sentAt) { PostedPath = media.PostedPath };
    }
}
