using System;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>
    /// One input's claim on the history, taken just before its request: granted (an in-flight entry is recorded) or
    /// not (the check under the store's lock found it posted, in doubt or in flight after all). A granted claim is
    /// completed once; disposed without a completion (the run ended some other way mid-request), it is in doubt.
    /// </summary>
    internal sealed class HistoryClaim : IDisposable
    {
        private readonly Task _durable;
        private readonly Func<StatusHistoryOutcome, DateTimeOffset, QueuedStatus?, string?, Task> _record;
        private bool _completed;

        /// <param name="durable">Completes once the in-flight entry would survive a power cut.</param>
        /// <param name="record">Writes the entry that completes the claim; the task ends when it is written (a file's at once).</param>
        public HistoryClaim(HistoryCheck check, Task durable, Func<StatusHistoryOutcome, DateTimeOffset, QueuedStatus?, string?, Task> record)
        {
            Check = check;
            _durable = durable;
            _record = record;
            _completed = !Granted;
        }

        /// <summary>The verdict under the store's lock, which may differ from the check before ShouldProcess.</summary>
        public HistoryCheck Check { get; }

        /// <summary>True when the status is now in flight for this run, and is to be posted.</summary>
        public bool Granted => Check.Verdict == HistoryVerdict.Post;

        /// <summary>
        /// The post to send: its body cannot complete before the in-flight entry is durable, nor with bytes other than
        /// those the claim identified (a file rewritten since its check is refused, not posted under the old identity).
        /// </summary>
        public StatusPost Gate(StatusPost post) => new DurableFirstPost(post.Pinned(Check.Identity.Sha256), _durable);

        /// <summary>
        /// Records how the request ended. A completion the history cannot take (the disk, the lock or the table failed,
        /// or another run changed the entry) leaves the in-flight entry, which later runs read as in doubt, never as
        /// "post again"; what was not recorded comes back as a warning, so the outcome itself is reported as it was.
        /// </summary>
        /// <returns>Null when recorded; else the warning that says what the history lacks and what later runs will do.</returns>
        public string? Complete(StatusHistoryOutcome outcome, DateTimeOffset at, QueuedStatus? queued, string? errorId) =>
            CompleteLater(outcome, at, queued, errorId).GetAwaiter().GetResult();

        /// <summary>
        /// As <see cref="Complete"/>, without waiting for a store that writes over the network: the next input can go
        /// on while the completion is written. The task gives the warning when the write has ended.
        /// </summary>
        public Task<string?> CompleteLater(StatusHistoryOutcome outcome, DateTimeOffset at, QueuedStatus? queued, string? errorId)
        {
            if (_completed)
            {
                return Task.FromResult<string?>(null);
            }

            _completed = true;
            try
            {
                return WarningOf(_record(outcome, at, queued, errorId), outcome, queued);
            }
            catch (ZApiException ex)
            {
                return Task.FromResult<string?>(NotRecorded(outcome, queued, ex));
            }
        }

        /// <summary>A claim neither completed was ended some other way mid-request: the status may exist.</summary>
        public void Dispose() => _ = Complete(StatusHistoryOutcome.InDoubt, DateTimeOffset.Now, null, "Stopped");

        private async Task<string?> WarningOf(Task recording, StatusHistoryOutcome outcome, QueuedStatus? queued)
        {
            try
            {
                await recording.ConfigureAwait(false);
                return null;
            }
            catch (ZApiException ex)
            {
                return NotRecorded(outcome, queued, ex);
            }
        }

        private string NotRecorded(StatusHistoryOutcome outcome, QueuedStatus? queued, ZApiException ex)
        {
            string what = Check.Identity.Kind + " '" + Check.Identity.Source + "'";
            string later = outcome == StatusHistoryOutcome.Posted
                ? $"Z-API queued the {what} (message id {queued?.MessageId}), but the status history '{Check.HistoryPath}' could not record it: "
                    + "later runs will report it as in doubt (StatusInDoubt) and never post it again."
                : outcome == StatusHistoryOutcome.Refused
                    ? $"The {what} was not posted, but the status history '{Check.HistoryPath}' could not record that: later runs will report it as in doubt "
                        + "(StatusInDoubt) until it is posted with -Force."
                    : $"The status history '{Check.HistoryPath}' could not record that the {what} is in doubt; later runs will report it as in doubt all the same.";
            return later + " " + WithoutNothingPosted(ex.Message);
        }

        // The store's messages end by saying nothing was posted, true when a claim or a read fails; a completion comes
        // after the request, so that sentence would contradict the warning it ends.
        private static string WithoutNothingPosted(string message)
        {
            const string nothingPosted = " Nothing was posted.";
            return message.EndsWith(nothingPosted, StringComparison.Ordinal) ? message.Substring(0, message.Length - nothingPosted.Length) : message;
        }
    }
}
