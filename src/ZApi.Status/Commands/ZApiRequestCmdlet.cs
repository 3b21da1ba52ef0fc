using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// What every cmdlet that calls Z-API shares: the -Connection parameter, the client for the batch, Ctrl+C that
    /// cancels the request in flight, and errors that either skip an input or stop the batch.
    /// </summary>
    public abstract class ZApiRequestCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private volatile BlockingCollection<Action>? _pending;

        #region Parameters

        /// <summary>A connection from Set-ZApiConnection -PassThru; overrides the session's and the environment's.</summary>
        [Parameter]
        [ValidateNotNull]
        public ZApiConnection? Connection { get; set; }

        #endregion

        internal ZApiClient Client { get; private set; } = null!;

        #region Method Overrides

        protected override void BeginProcessing()
        {
            ZApiConnection? connection = null;
            try
            {
                connection = Connection ?? ConnectionStore.Current ?? throw ConnectionStore.NotConfigured();
            }
            catch (ZApiException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(ex, null));
            }

            Client = new ZApiClient(connection!);
            WriteVerbose("Using " + connection + " (from " + (Connection != null ? "-Connection" : connection!.Source) + ")");
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        protected override void EndProcessing() => _cancellation.Dispose();

        #endregion

        /// <summary>
        /// Runs a client call while this, the pipeline thread, writes what it reports: cmdlet output may only be
        /// written from the pipeline thread, and the call's continuations run on the thread pool.
        /// </summary>
        internal T Await<T>(Func<Action<string>, CancellationToken, Task<T>> start)
        {
            var pending = new BlockingCollection<Action>();
            _pending = pending;
            Task<T> task = start(message => TryAdd(pending, () => WriteVerbose(message)), _cancellation.Token);
            task.ContinueWith(_ => pending.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                foreach (Action write in pending.GetConsumingEnumerable())
                {
                    write();
                }
            }
            finally
            {
                _pending = null;
            }

            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Has the pipeline thread run <paramref name="write"/> while an <see cref="Await"/> is waiting; else drops it.</summary>
        internal void WriteFromAnyThread(Action write)
        {
            BlockingCollection<Action>? pending = _pending;
            if (pending != null)
            {
                TryAdd(pending, write);
            }
        }

        // A report that arrives after the call completed has nobody left to show it to.
        private static void TryAdd(BlockingCollection<Action> pending, Action write)
        {
            try
            {
                pending.Add(write);
            }
            catch (InvalidOperationException)
            {
            }
        }

        /// <summary>Reports a failure of one input: the batch goes on, unless every later input would fail the same way.</summary>
        internal void Fail(ZApiException exception, object? target)
        {
            ErrorRecord record = ErrorRecords.Create(exception, target);
            if (ErrorRecords.StopsTheBatch(exception.ErrorId))
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }
    }
}
