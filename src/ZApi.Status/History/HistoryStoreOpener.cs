using System;
using System.Threading;

namespace ZApi.Status.History
{
    /// <summary>
    /// Opens a history's store: for writing (creating it if need be), or for a dry run, read only (null when it does
    /// not exist yet, and nothing is created). Throws ZApiException when it cannot; a wait for another writer ends
    /// with OperationCanceledException when <paramref name="cancellation"/> is cancelled.
    /// </summary>
    internal delegate IHistoryStore? HistoryStoreOpener(bool forWriting, Action<string> warn, CancellationToken cancellation);
}
