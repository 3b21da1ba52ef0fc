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
        /// Runs a client call while this, the pipeline thread, writes its verbose lines: cmdlet output may only be
        /// written from the pipeline thread, and the call's continuations run on the thread pool.
        /// </summary>
        internal T Await<T>(Func<Action<string>, CancellationToken, Task<T>> start)
        {
            var pending = new BlockingCollection<string>();
            Task<T> task = start(message => pending.Add(message), _cancellation.Token);
            task.ContinueWith(_ => pending.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (string message in pending.GetConsumingEnumerable())
            {
                WriteVerbose(message);
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
