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
        private readonly Action<StatusHistoryOutcome, DateTimeOffset, QueuedStatus?, string?> _record;
        private bool _completed;

        /// <param name="durable">Completes once the in-flight entry would survive a power cut.</param>
        /// <param name="record">Writes the entry that completes the claim.</param>
        public HistoryClaim(HistoryCheck check, Task durable, Action<StatusHistoryOutcome, DateTimeOffset, QueuedStatus?, string?> record)
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

        /// <summary>The post to send: its body cannot complete before the in-flight entry is durable.</summary>
        public StatusPost Gate(StatusPost post) => new DurableFirstPost(post, _durable);

        /// <summary>
        /// Records how the request ended. A posted status the history cannot take is an error that carries the ids, so
        /// they are not lost; any other completion that fails leaves the in-flight entry, which later runs read as in
        /// doubt, never as "post again".
        /// </summary>
        public void Complete(StatusHistoryOutcome outcome, DateTimeOffset at, QueuedStatus? queued, string? errorId)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            try
            {
                _record(outcome, at, queued, errorId);
            }
            catch (ZApiException ex) when (outcome == StatusHistoryOutcome.Posted)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                    $"Z-API queued the {Check.Identity.Kind} '{Check.Identity.Source}' (message id {queued?.MessageId}), but the status history could not record it, "
                    + "so later runs will report it as in doubt. " + ex.Message, ex);
            }
            catch (ZApiException)
            {
                // The failure being reported matters more; the in-flight entry left behind says what this one would have.
            }
        }

        /// <summary>A claim neither completed was ended some other way mid-request: the status may exist.</summary>
        public void Dispose() => Complete(StatusHistoryOutcome.InDoubt, DateTimeOffset.Now, null, "Stopped");
    }
}
