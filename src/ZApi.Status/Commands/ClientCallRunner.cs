using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// What a cmdlet that calls Z-API composes: the client for its connection, the Ctrl+C cancellation of the call in
    /// flight, and the queue that writes what the call reports on the pipeline thread. The cmdlet owns one and
    /// disposes it on every exit path (PowerShell disposes an IDisposable cmdlet after a terminating error too).
    /// </summary>
    internal sealed class ClientCallRunner : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly PipelineThreadQueue _queue = new PipelineThreadQueue();
        private readonly Action<string> _writeVerbose;
        private volatile bool _bodyStarted;

        /// <param name="writeWarning">Shows each wait before connecting again, so a wrong -BaseUri is not silent.</param>
        public ClientCallRunner(ZApiConnection connection, Action<string> writeVerbose, Action<string> writeWarning)
        {
            Client = new ZApiClient(connection);
            Client.RetryWaiting = line => _queue.Post(() => writeWarning(line));
            Client.SendingStarted = () => _bodyStarted = true;
            _writeVerbose = writeVerbose;
        }

        public ZApiClient Client { get; }

        /// <summary>
        /// Runs a client call on the thread pool while this, the pipeline thread, writes its verbose lines and
        /// reports; a call cancelled by <see cref="Cancel"/> ends the pipeline as Ctrl+C should. A write that throws
        /// (a warning under -WarningAction Stop) cancels the call too, and its exception ends the pipeline.
        /// </summary>
        public T Run<T>(Func<ZApiClient, Action<string>, CancellationToken, Task<T>> call)
        {
            _bodyStarted = false;
            try
            {
                return _queue.Run(() => call(Client, line => _queue.Post(() => _writeVerbose(line)), _cancellation.Token), Cancel);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// True when the last call had started sending a status's body, which may then exist on the phone even if the
        /// call was stopped; false when it ended before a byte of the body left.
        /// </summary>
        public bool LastCallStartedSending => _bodyStarted;

        /// <summary>From any thread during <see cref="Run{T}"/>: writes on the pipeline thread, or is dropped when no call is running.</summary>
        public void WriteFromAnyThread(Action write) => _queue.Post(write);

        /// <summary>From StopProcessing, on another thread: ends the call in flight and any wait before a retry.</summary>
        public void Cancel()
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Ctrl+C after the cmdlet finished: nothing is left to stop.
            }
        }

        public void Dispose() => _cancellation.Dispose();
    }
}
