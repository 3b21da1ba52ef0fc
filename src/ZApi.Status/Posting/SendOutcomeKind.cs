namespace ZApi.Status.Posting
{
    /// <summary>How a request to post a status ended.</summary>
    internal enum SendOutcomeKind
    {
        /// <summary>Z-API answered with the ids of a queued status.</summary>
        Queued,

        /// <summary>The input's request failed with an error id that says whether the status may exist.</summary>
        Failed,

        /// <summary>The pipeline ended while the request was in flight, before Z-API answered.</summary>
        Stopped,
    }
}
