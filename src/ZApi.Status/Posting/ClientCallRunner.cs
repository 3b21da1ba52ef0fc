using System;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.Posting
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
        private readonly Func<Exception, bool> _isStop;
        private volatile bool _bodyStarted;

        /// <param name="writeWarning">Shows each wait before connecting again, so a wrong -BaseUri is not silent.</param>
        /// <param name="isStop">True for what the host throws when its pipeline ends; see <see cref="IPostingHost.IsStop"/>.</param>
        /// <param name="advice">How messages tell the user to change the connection.</param>
        public ClientCallRunner(ZApiConnection connection, Action<string> writeVerbose, Action<string> writeWarning, Func<Exception, bool> isStop,
            ConnectionAdvice? advice = null)
        {
            Client = new ZApiClient(connection, advice);
            Client.RetryWaiting = line => _queue.Post(() => writeWarning(line));
            Client.SendingStarted = () => _bodyStarted = true;
            Client.NothingPosted = () => _bodyStarted = false;
            _writeVerbose = writeVerbose;
            _isStop = isStop;
        }

        public ZApiClient Client { get; }

        /// <summary>Cancelled by Ctrl+C: for waits of the caller's own that Ctrl+C must end too.</summary>
        public CancellationToken Stopping => _cancellation.Token;

        /// <summary>
        /// Runs a client call on the thread pool while this, the pipeline thread, writes its verbose lines and
        /// reports. Ctrl+C ends it with OperationCanceledException. A write that throws (a warning under -WarningAction
        /// Stop, or one a non-interactive host cannot show) cancels this call only, and its exception goes on once the
        /// call has ended.
        /// </summary>
        public T Run<T>(Func<ZApiClient, Action<string>, CancellationToken, Task<T>> call)
        {
            // Linked to Ctrl+C, and abandoned on its own: a write that failed must not cancel the calls of later inputs.
            var thisCall = CancellationTokenSource.CreateLinkedTokenSource(_cancellation.Token);
            Task<T>? started = null;
            try
            {
                return _queue.Run(() => started = call(Client, line => _queue.Post(() => _writeVerbose(line)), thisCall.Token), thisCall.Cancel);
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

        /// <summary>
        /// Posts a status and says how that ended, whatever happened: every exception of the call, of Ctrl+C and of a
        /// write during the call becomes the one <see cref="SendOutcome"/>.
        /// </summary>
        public SendOutcome Send(Func<ZApiClient, Action<string>, CancellationToken, Task<QueuedStatus>> send)
        {
            _bodyStarted = false;
            Task<QueuedStatus>? call = null;
            try
            {
                // Kept as it starts: the filters below run before any finally of the call's own.
                QueuedStatus queued = Run((client, log, cancel) => call = send(client, log, cancel));
                return SendOutcome.Queued(queued, DateTimeOffset.Now);
            }
            catch (ZApiException ex)
            {
                return SendOutcome.Failed(ex);
            }
            catch (Exception ex) when (call != null && call.Status == TaskStatus.RanToCompletion)
            {
                // Only a write can have thrown: the call itself succeeded, and what it did must not be lost.
                return SendOutcome.Queued(call.Result, DateTimeOffset.Now, IsStop(ex) ? ex : null);
            }
            catch (Exception ex) when (IsStop(ex))
            {
                return SendOutcome.Stopped(_bodyStarted, ex);
            }
            catch (Exception ex)
            {
                // The client turns every failure into a ZApiException; this is the backstop of "one input, one record",
                // which also takes a write that failed mid-request (its call was cancelled and has ended).
                bool mayExist = _bodyStarted;
                return SendOutcome.Failed(new ZApiException(mayExist ? ZApiErrorId.ZApiOutcomeUnknown : ZApiErrorId.ZApiRequestFailed,
                    $"Posting failed unexpectedly: {Client.Redactor.Redact(ex.Message)} "
                    + (mayExist ? "The status may or may not have been posted: check the phone's status before you send it again." : "Nothing was posted."),
                    Client.Redactor.RedactChain(ex)));
            }
        }

        /// <summary>True for Ctrl+C and for what the host throws when its pipeline ends.</summary>
        public bool IsStop(Exception ex) =>
            (ex is OperationCanceledException && _cancellation.IsCancellationRequested) || _isStop(ex);

        /// <summary>From any thread during a call: writes on the pipeline thread, or is dropped when no call is running.</summary>
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
