using System;
using ZApi.Status.Client;
using ZApi.Status.History;

namespace ZApi.Status.Posting
{
    /// <summary>
    /// Takes messages out of Z-API's queue, one by one, and records each status it cancels in the status history (when
    /// there is one) as Cancelled: nothing was posted, so a later run posts it again.
    /// </summary>
    internal sealed class QueueCanceller : IDisposable
    {
        private readonly ClientCallRunner _calls;
        private readonly HistoryLocation? _history;
        private readonly Action<string> _warn;
        private readonly RetryPolicy _retry;
        private IHistoryStore? _store;

        /// <param name="history">The status history to record cancellations in; null for none.</param>
        public QueueCanceller(ClientCallRunner calls, HistoryLocation? history, RetryPolicy retry, Action<string> warn)
        {
            _calls = calls;
            _history = history;
            _retry = retry;
            _warn = warn;
        }

        /// <summary>
        /// Cancels one queued message; returns the history entry of the status it was (now Cancelled), or null when
        /// there is no history or the history has no posted status with that zaapId.
        /// </summary>
        /// <exception cref="ZApiException">What Z-API refused (QueuedMessageNotFound, ...), or HistoryUnavailable after a cancellation the history could not take.</exception>
        public StatusHistoryEntry? Cancel(string zaapId)
        {
            _calls.Run(async (client, log, cancel) =>
            {
                await client.RemoveQueuedAsync(zaapId, _retry, log, cancel).ConfigureAwait(false);
                return true;
            });
            if (_history == null)
            {
                return null;
            }

            try
            {
                _store ??= _history.Open(true, _warn, _calls.Stopping);
                return _store!.RecordCancelled(zaapId, DateTimeOffset.Now);
            }
            catch (ZApiException ex)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                    $"Z-API took the message with zaapId '{zaapId}' out of its queue, but the status history could not record it, so later runs will still see it as "
                    + "posted (AlreadyPosted): post it again with -Force if you want it. " + ex.Message, ex);
            }
        }

        public void Dispose() => _store?.Dispose();
    }
}
