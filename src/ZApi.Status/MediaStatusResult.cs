using System;

namespace ZApi.Status
{
    /// <summary>A posted image or video status: what was sent and Z-API's ids.</summary>
    public abstract class MediaStatusResult : StatusResult
    {
        protected MediaStatusResult(string source, string? caption, string? mimeType, long? byteCount, string? zaapId, string? messageId, DateTimeOffset? sentAt)
            : base(zaapId, messageId, sentAt)
        {
            Source = source;
            Caption = caption;
            MimeType = mimeType;
            ByteCount = byteCount;
        }

        /// <summary>
        /// The full path of the file, the link, or "Base64 (N bytes)". For a file converted by ConvertTo-ZApiStatusImage
        /// or -Video, the original the user knows; the bytes posted are the converted copy's (<see cref="PostedPath"/>).
        /// </summary>
        public string Source { get; }

        /// <summary>The file whose bytes were posted when it is not <see cref="Source"/> (a converted copy); null otherwise.</summary>
        public string? PostedPath { get; internal set; }

        public string? Caption { get; }

        /// <summary>The sniffed type; null for a link, whose content Z-API fetched itself.</summary>
        public string? MimeType { get; }

        /// <summary>The content's size; null for a link.</summary>
        public long? ByteCount { get; }

        public override string ToString() => Source;
    }
}
