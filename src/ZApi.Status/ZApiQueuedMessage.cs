using System;

namespace ZApi.Status
{
    /// <summary>
    /// One message that waits in Z-API's queue (the phone offline), as Get-ZApiQueue emits it; piped to
    /// Remove-ZApiQueuedMessage, its ZaapId cancels it.
    /// </summary>
    public sealed class ZApiQueuedMessage
    {
        internal ZApiQueuedMessage(string zaapId, string? messageId, DateTime? created, string? phone, string? message)
        {
            ZaapId = zaapId;
            MessageId = messageId;
            Created = created;
            Phone = phone;
            Message = message;
        }

        /// <summary>Z-API's id of the queued message, which Remove-ZApiQueuedMessage takes.</summary>
        public string ZaapId { get; }

        public string? MessageId { get; }

        /// <summary>When Z-API queued it, in this machine's local time.</summary>
        public DateTime? Created { get; }

        /// <summary>Where it goes: a number, a group, or status@broadcast for a status.</summary>
        public string? Phone { get; }

        /// <summary>The text, or a status's caption.</summary>
        public string? Message { get; }

        public override string ToString() => ZaapId;
    }
}
