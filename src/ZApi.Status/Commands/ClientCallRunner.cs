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
            Client.NothingPosted = () => _bodyStarted = false;
            _writeVerbose = writeVerbose;
        }

        public ZApiClient Client { get; }

        /// <summary>
        /// Runs a client call on the thread pool while this, the pipeline thread, writes its verbose lines and
        /// reports; a call cancelled by <see cref="Cancel"/> ends the pipeline as Ctrl+C should. A write that throws
        /// (a warning under -WarningAction Stop, or one a non-interactive host cannot show) cancels this call only,
        /// and its exception goes on once the call has ended; see <see cref="LastCallResult"/>.
        /// </summary>
        public T Run<T>(Func<ZApiClient, Action<string>, CancellationToken, Task<T>> call)
        {
            ForgetLastCall();
            // Linked to Ctrl+C, and abandoned on its own: a write that failed must not cancel the calls of later inputs.
            var thisCall = CancellationTokenSource.CreateLinkedTokenSource(_cancellation.Token);
            Task<T>? started = null;
            try
            {
                return _queue.Run(() => started = call(Client, line => _queue.Post(() => _writeVerbose(line)), thisCall.Token), thisCall.Cancel);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception) when (started != null && started.Status == TaskStatus.RanToCompletion)
            {
                // Only a write can have thrown: the call itself succeeded, and what it did must not be lost.
                LastCallResult = started.Result;
                throw;
            }
            finally
            {
                // A call left running past the wait keeps its source; disposing it would break the call's cancellation.
                if (started == null || started.IsCompleted)
                {
                    thisCall.Dispose();
                }
            }
        }

        /// <summary>What an earlier call left says nothing about the next: done by each call, and by the cmdlet before each input, which can stop before its first call.</summary>
        public void ForgetLastCall()
        {
            _bodyStarted = false;
            LastCallResult = null;
        }

        /// <summary>
        /// After <see cref="Run{T}"/> threw because a write failed: the call's own result when it completed anyway (the
        /// status was queued), else null.
        /// </summary>
        public object? LastCallResult { get; private set; }

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
