namespace ZApi.Status.Client
{
    /// <summary>The ids Z-API gives a status it accepted: a 200 means queued, and Z-API sends queued messages seconds apart.</summary>
    internal sealed class QueuedStatus
    {
        public QueuedStatus(string? zaapId, string? messageId)
        {
            ZaapId = zaapId;
            MessageId = messageId;
        }

        public string? ZaapId { get; }

        public string? MessageId { get; }
    }
}
