using System;

namespace ZApi.Status
{
    /// <summary>One posted text status, as Send-ZApiTextStatus emits it.</summary>
    public sealed class TextStatusResult : StatusResult
    {
        public TextStatusResult(string message, string? zaapId, string? messageId, DateTimeOffset? sentAt)
            : base(zaapId, messageId, sentAt)
        {
            Message = message;
        }

        public string Message { get; }

        public override string ToString() => Message;
    }
}
