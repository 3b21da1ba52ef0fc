using System;
using System.Threading;

namespace ZApi.Status.History
{
    /// <summary>
    /// Where a status history lives (a file, or another store that can claim atomically): the few operations the
    /// verdict table needs. One identity, one set of states and one verdict table, in <see cref="HistorySession"/>,
    /// serve every store.
    /// </summary>
    internal interface IHistoryStore : IDisposable
    {
        /// <summary>The history as messages name it: a file's full path, a table's address without its credentials.</summary>
        string Name { get; }

        /// <summary>The latest entry of a status as read so far, without excluding other writers; null when there is none.</summary>
        /// <exception cref="OperationCanceledException">Cancelled (Ctrl+C) while waiting for a store over the network.</exception>
        StatusHistoryEntry? Latest(StatusIdentity identity, CancellationToken cancellation);

        /// <summary>
        /// Atomically with respect to every other writer: reads the latest entry, lets <paramref name="decide"/> judge
        /// it, and when the verdict is to post, records the status in flight before it returns.
        /// </summary>
        /// <exception cref="ZApiException">HistoryUnavailable or HistoryFormatUnsupported.</exception>
        /// <exception cref="OperationCanceledException">Cancelled while waiting for another writer; nothing was claimed.</exception>
        HistoryClaim Claim(StatusIdentity identity, Func<StatusHistoryEntry?, HistoryCheck> decide, CancellationToken cancellation);

        /// <summary>
        /// True while an in-flight entry may still be in flight: its process is known to run, or, where that cannot be
        /// known, its request could still be running.
        /// </summary>
        bool IsLive(StatusHistoryEntry inFlight);

        /// <summary>
        /// Records, atomically with respect to every other writer, that the status Z-API queued as
        /// <paramref name="zaapId"/> was taken out of its queue before it was sent: a Cancelled entry under the key of
        /// the Posted entry with that zaapId, with its ids, so the verdict table posts it again. Returns that Posted
        /// entry, or null (writing nothing) when no status's latest entry is Posted with that zaapId.
        /// </summary>
        /// <exception cref="ZApiException">HistoryUnavailable or HistoryFormatUnsupported.</exception>
        StatusHistoryEntry? RecordCancelled(string zaapId, DateTimeOffset at);
    }
}
