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

        /// <summary>The full path of the file, the link, or "Base64 (N bytes)".</summary>
        public string Source { get; }

        public string? Caption { get; }

        /// <summary>The sniffed type; null for a link, whose content Z-API fetched itself.</summary>
        public string? MimeType { get; }

        /// <summary>The content's size; null for a link.</summary>
        public long? ByteCount { get; }

        public override string ToString() => Source;
    }
}
