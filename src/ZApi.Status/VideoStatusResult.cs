using System;

namespace ZApi.Status
{
    /// <summary>One posted video status, as Send-ZApiVideoStatus emits it.</summary>
    public sealed class VideoStatusResult : MediaStatusResult
    {
        public VideoStatusResult(string source, string? caption, string? mimeType, long? byteCount, string? zaapId, string? messageId, DateTimeOffset? sentAt)
            : base(source, caption, mimeType, byteCount, zaapId, messageId, sentAt)
        {
        }
    }
}
