namespace ZApi.Status
{
    /// <summary>What happened to an input that did not fail: every result object says which.</summary>
    public enum StatusOutcome
    {
        /// <summary>This run posted it: Z-API queued it.</summary>
        Posted,

        /// <summary>The status history says an earlier run posted it; the result carries that run's ids and time.</summary>
        AlreadyPosted,

        /// <summary>Its PostAt has not come: not posted; a later run posts it.</summary>
        NotDue,

        /// <summary>-MaximumPostCount was reached: not posted; a later run posts it.</summary>
        Deferred,

        /// <summary>Past -MaximumLateness after its due time, or past its NotAfter: not posted, and the history is not changed.</summary>
        Expired,
    }
}
