namespace ZApi.Status
{
    /// <summary>What happened to an input that did not fail: every result object says which.</summary>
    public enum StatusOutcome
    {
        /// <summary>This run posted it: Z-API queued it.</summary>
        Posted,

        /// <summary>The status history says an earlier run posted it; the result carries that run's ids and time.</summary>
        AlreadyPosted,
    }
}
