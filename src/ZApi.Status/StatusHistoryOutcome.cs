namespace ZApi.Status
{
    /// <summary>The state of one status in a status history, as its latest entry records it.</summary>
    public enum StatusHistoryOutcome
    {
        /// <summary>A run claimed it and is posting it now.</summary>
        InFlight,

        /// <summary>Z-API queued it: later runs skip it.</summary>
        Posted,

        /// <summary>Z-API refused it, so nothing was posted: a later run posts it again.</summary>
        Refused,

        /// <summary>The request went out but no answer came (a timeout, a 5xx, a run killed mid-request): it may exist.</summary>
        InDoubt,

        /// <summary>Posted, then taken out of Z-API's queue (Remove-ZApiQueuedMessage) before it was sent: a later run posts it again.</summary>
        Cancelled,
    }
}
