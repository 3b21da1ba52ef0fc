using System;
using System.IO;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.Media
{
    /// <summary>
    /// send-video-status: MP4 and 3GP, recognised by their ISO media brand, up to Z-API's 10 MB, and only when their
    /// top-level boxes make a playable file.
    /// </summary>
    internal sealed class VideoKind : MediaKind
    {
        private const string ConvertAdvice =
            "convert it first, with ConvertTo-ZApiStatusVideo from the ZApi.Status.Media module or ffmpeg -i in.mov -c:v libx264 -c:a aac out.mp4.";

        public override string Noun => "video";

        public override string WithArticle => "a video";

        public override string ExampleExtension => "mp4";

        public override MediaCategory Category => MediaCategory.Video;

        // Z-API's documented limit for send-video-status.
        public override long DefaultMaximumBytes => 10 * 1024 * 1024;

        public override string[] FileExtensions => new[] { ".mp4", ".m4v", ".3gp" };

        public override string SupportedTypes => "MP4 and 3GP videos";

        public override ZApiErrorId NotFoundId => ZApiErrorId.VideoNotFound;

        public override ZApiErrorId EmptyId => ZApiErrorId.VideoEmpty;

        public override ZApiErrorId UnreadableId => ZApiErrorId.VideoUnreadable;

        public override ZApiErrorId InvalidUriId => ZApiErrorId.InvalidVideoUri;

        public override ZApiErrorId UnsupportedTypeId => ZApiErrorId.UnsupportedVideoType;

        public override ZApiErrorId TooLargeId => ZApiErrorId.VideoTooLarge;

        // An ftyp box alone passes the sniffer, yet WhatsApp cannot play a file without its index or its samples.
        public override string? FindDefect(MediaFormat format, Stream content) => IsoMediaLayout.FindDefect(content);

        public override string AdviceFor(MediaFormat? format) =>
            format?.Category == MediaCategory.Image
                ? "Post images with Send-ZApiImageStatus."
                : "Only MP4 and 3GP videos can be posted: " + ConvertAdvice;

        public override string DefectAdvice =>
            "Copy it from the phone again if it was cut short, or let ConvertTo-ZApiStatusVideo from the ZApi.Status.Media module remake it: it keeps what can be played, and says so when nothing can.";

        public override MediaStatusResult CreateResult(MediaSource media, string? caption, string? zaapId, string? messageId, DateTimeOffset? sentAt) =>
            new VideoStatusResult(media.Source, caption, media.MimeType, media.ByteCount, zaapId, messageId, sentAt) { PostedPath = media.PostedPath };
    }
}
