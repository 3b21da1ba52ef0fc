using System;

namespace ZApi.Status
{
    /// <summary>What every result has, whatever its kind: its outcome and, for a posted (queued) status, Z-API's ids and when it expires.</summary>
    public abstract class StatusResult
    {
        /// <summary>How long WhatsApp shows a status.</summary>
        public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

        protected StatusResult(string? zaapId, string? messageId, DateTimeOffset? sentAt)
        {
            ZaapId = zaapId;
            MessageId = messageId;
            SentAt = sentAt;
            ExpiresAt = sentAt + Lifetime;
        }

        /// <summary>What this run did with the input; results of statuses posted by this run are Posted.</summary>
        public StatusOutcome Outcome { get; internal set; } = StatusOutcome.Posted;

        public string? ZaapId { get; }

        public string? MessageId { get; }

        /// <summary>When Z-API queued it; Z-API sends queued messages a few seconds apart. Null when this run did not post it.</summary>
        public DateTimeOffset? SentAt { get; }

        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>
        /// When the input is or was due: its PostAt, or the occurrence of a repeating row; for NotDue, when a later run
        /// posts it. Null for an input without a time.
        /// </summary>
        public DateTimeOffset? DueAt { get; internal set; }
    }
}
