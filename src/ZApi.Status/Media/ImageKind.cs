using System;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.Media
{
    /// <summary>send-image-status: JPEG, PNG, WebP and GIF, recognised by their signatures.</summary>
    internal sealed class ImageKind : MediaKind
    {
        public override string Noun => "image";

        public override string WithArticle => "an image";

        public override string ExampleExtension => "png";

        public override MediaCategory Category => MediaCategory.Image;

        public override long DefaultMaximumBytes => 16 * 1024 * 1024;

        public override string[] FileExtensions => new[] { ".jpg", ".jpeg", ".png", ".gif", ".webp" };

        public override string SupportedTypes => "JPEG, PNG, WebP and GIF";

        public override ZApiErrorId NotFoundId => ZApiErrorId.ImageNotFound;

        public override ZApiErrorId EmptyId => ZApiErrorId.ImageEmpty;

        public override ZApiErrorId UnreadableId => ZApiErrorId.ImageUnreadable;

        public override ZApiErrorId InvalidUriId => ZApiErrorId.InvalidImageUri;

        public override ZApiErrorId UnsupportedTypeId => ZApiErrorId.UnsupportedImageType;

        public override ZApiErrorId TooLargeId => ZApiErrorId.ImageTooLarge;

        public override string AdviceFor(MediaFormat? format)
        {
            switch (format?.Category)
            {
                case MediaCategory.Image:
                    return $"WhatsApp does not take {format.Name}: convert it first with ConvertTo-ZApiStatusImage from the ZApi.Status.Media module (Get-ChildItem ... | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus).";
                case MediaCategory.Video:
                    return "Post videos with Send-ZApiVideoStatus.";
                default:
                    return base.AdviceFor(format);
            }
        }

        public override MediaStatusResult CreateResult(MediaSource media, string? caption, string? zaapId, string? messageId, DateTimeOffset? sentAt) =>
            new ImageStatusResult(media.Source, caption, media.MimeType, media.ByteCount, zaapId, messageId, sentAt) { PostedPath = media.PostedPath };
    }
}
