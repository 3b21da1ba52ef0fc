using System;

namespace ZApi.Status
{
    /// <summary>One posted (queued) image status, as Send-ZApiImageStatus emits it.</summary>
    public sealed class ImageStatusResult
    {
        /// <summary>How long WhatsApp shows a status.</summary>
        public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

        public ImageStatusResult(string source, string? caption, string? mimeType, long? byteCount, string? zaapId, string? messageId, DateTimeOffset sentAt)
        {
            Source = source;
            Caption = caption;
            MimeType = mimeType;
            ByteCount = byteCount;
            ZaapId = zaapId;
            MessageId = messageId;
            SentAt = sentAt;
            ExpiresAt = sentAt + Lifetime;
        }

        /// <summary>The full path of the file, the link, or "Base64 (N bytes)".</summary>
        public string Source { get; }

        public string? Caption { get; }

        /// <summary>The sniffed type; null for a link, whose content Z-API fetched itself.</summary>
        public string? MimeType { get; }

        /// <summary>The image's size; null for a link.</summary>
        public long? ByteCount { get; }

        public string? ZaapId { get; }

        public string? MessageId { get; }

        public DateTimeOffset SentAt { get; }

        public DateTimeOffset ExpiresAt { get; }

        public override string ToString() => Source;
    }
}
