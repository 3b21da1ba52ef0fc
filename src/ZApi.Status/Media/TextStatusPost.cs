using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using ZApi.Status.Client;

namespace ZApi.Status.Media
{
    /// <summary>send-text-status: {"message": "..."}.</summary>
    internal sealed class TextStatusPost : StatusPost
    {
        private TextStatusPost(string message) => Message = message;

        public string Message { get; }

        public override string Action => "send-text-status";

        /// <summary>A message with visible text; whitespace alone would post an empty-looking status.</summary>
        public static TextStatusPost From(string? message)
        {
            if (string.IsNullOrWhiteSpace(message))
            {
                throw new ZApiException(ZApiErrorId.MessageEmpty,
                    "The status message is empty. Pass the text to post, or leave the row out of the batch.");
            }

            UnicodeText.Check(message, "message");
            return new TextStatusPost(message!);
        }

        public override HttpContent CreateContent(Action<long, long>? bytesSent) =>
            JsonBody.Content(new[] { new KeyValuePair<string, string?>("message", Message) });

        /// <summary>The message on one line, cut between whole characters to 60 columns, and its length.</summary>
        public override string Describe() => ColumnText.Fit(Message, 60) + " (" + Message.Length + " characters)";

        public override long ContentByteCount => Encoding.UTF8.GetByteCount(Message);

        public override StatusResult ToResult(QueuedStatus? queued, DateTimeOffset? sentAt) =>
            new TextStatusResult(Message, queued?.ZaapId, queued?.MessageId, sentAt);
    }
}
