namespace ZApi.Status.Posting
{
    /// <summary>
    /// One update of a batch's progress bar, without PowerShell's ProgressRecord, so the posting workflow can be
    /// tested without a runspace; the cmdlet turns it into a record.
    /// </summary>
    internal sealed class ProgressUpdate
    {
        public ProgressUpdate(int activityId, string activity, string status, int percentComplete = -1, int secondsRemaining = -1, bool completed = false)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            SecondsRemaining = secondsRemaining;
            Completed = completed;
        }

        public int ActivityId { get; }

        public string Activity { get; }

        public string Status { get; }

        /// <summary>0 to 100, or -1 when the share is unknown.</summary>
        public int PercentComplete { get; }

        /// <summary>-1 when unknown.</summary>
        public int SecondsRemaining { get; }

        /// <summary>True for the update that clears the bar.</summary>
        public bool Completed { get; }
    }
}
