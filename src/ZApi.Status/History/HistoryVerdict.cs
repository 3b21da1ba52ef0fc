namespace ZApi.Status.History
{
    /// <summary>What the history says to do with one input.</summary>
    internal enum HistoryVerdict
    {
        /// <summary>Post it: the history has no entry, the last attempt was refused, or -Force.</summary>
        Post,

        /// <summary>An earlier run posted it: emit its result, post nothing.</summary>
        AlreadyPosted,

        /// <summary>It may have been posted (no answer, or a run that ended mid-request): report it, post nothing.</summary>
        InDoubt,

        /// <summary>A live process is posting it now: report it, post nothing.</summary>
        InFlight,
    }
}
