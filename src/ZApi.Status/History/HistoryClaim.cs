using System;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>
    /// One input's claim on the history, taken under the lock just before its request: granted (an in-flight entry
    /// is on disk) or not (the check under the lock found it posted, in doubt or in flight after all). A granted claim
    /// is completed once: posted, failed, or, when disposed without either (Ctrl+C mid-request), in doubt.
    /// </summary>
    internal sealed class HistoryClaim : IDisposable
    {
        private readonly StatusHistory _history;
        private readonly Task _durable;
        private bool _completed;

        public HistoryClaim(StatusHistory history, HistoryCheck check, Task durable)
        {
            _history = history;
            Check = check;
            _durable = durable;
            _completed = check.Verdict != HistoryVerdict.Post;
        }

        public HistoryCheck Check { get; }

        /// <summary>The post to send: its body cannot complete before the in-flight entry is on disk.</summary>
        public StatusPost Gate(StatusPost post) => new DurableFirstPost(post, _durable);

        /// <summary>Records the post; when the history cannot take it, says so with the ids, so they are not lost.</summary>
        public void Posted(QueuedStatus queued, DateTimeOffset sentAt)
        {
            _completed = true;
            try
            {
                _history.Record(Check.Identity, StatusHistoryOutcome.Posted, sentAt, queued, null);
            }
            catch (ZApiException ex)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                    $"Z-API queued the {Check.Identity.Kind} '{Check.Identity.Source}' (message id {queued.MessageId}), but the status history could not record it, "
                    + "so later runs will report it as in doubt. " + ex.Message, ex);
            }
        }

        /// <summary>Records a failure: in doubt when the status may exist, refused (safe to post again) otherwise.</summary>
        public void Failed(ZApiErrorId errorId)
        {
            if (_completed || errorId == ZApiErrorId.HistoryUnavailable || errorId == ZApiErrorId.HistoryFormatUnsupported)
            {
                _completed = true;
                return;
            }

            Complete(errorId == ZApiErrorId.ZApiOutcomeUnknown ? StatusHistoryOutcome.InDoubt : StatusHistoryOutcome.Refused, errorId.ToString());
        }

        /// <summary>The pipeline stopped during this claim's request: in doubt once its body had begun to leave, else refused (nothing left).</summary>
        public void Stopped(bool bodyStarted) =>
            Complete(bodyStarted ? StatusHistoryOutcome.InDoubt : StatusHistoryOutcome.Refused, "Stopped");

        /// <summary>A claim neither posted, failed nor stopped was ended some other way mid-request: the status may exist.</summary>
        public void Dispose() => Complete(StatusHistoryOutcome.InDoubt, "Stopped");

        private void Complete(StatusHistoryOutcome outcome, string errorId)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            try
            {
                _history.Record(Check.Identity, outcome, DateTimeOffset.Now, null, errorId);
            }
            catch (ZApiException)
            {
                // The failure being reported matters more; the in-flight entry left behind reads as in doubt once this
                // process ends, which is what this entry would have said.
            }
        }
    }
}
