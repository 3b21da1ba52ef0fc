using System;

namespace ZApi.Status
{
    /// <summary>One posted image status, as Send-ZApiImageStatus emits it.</summary>
    public sealed class ImageStatusResult : MediaStatusResult
    {
        public ImageStatusResult(string source, string? caption, string? mimeType, long? byteCount, string? zaapId, string? messageId, DateTimeOffset? sentAt)
            : base(source, caption, mimeType, byteCount, zaapId, messageId, sentAt)
        {
        }
    }
}
