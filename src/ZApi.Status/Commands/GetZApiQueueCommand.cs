using System;
using System.Management.Automation;
using ZApi.Status.Client;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>Lists the messages waiting in Z-API's queue (the phone offline), following every page.</summary>
    [Cmdlet(VerbsCommon.Get, "ZApiQueue", HelpUri = OnlineHelp.Commands)]
    [OutputType(typeof(ZApiQueuedMessage))]
    public sealed class GetZApiQueueCommand : PSCmdlet, IDisposable
    {
        private ClientCallRunner? _runner;

        #region Parameters

        /// <summary>A connection from Set-ZApiConnection -PassThru; overrides the session's and the environment's.</summary>
        [Parameter]
        [ValidateNotNull]
        public ZApiConnection? Connection { get; set; }

        #endregion

        #region Method Overrides

        protected override void EndProcessing()
        {
            try
            {
                ZApiConnection connection = ConnectionStore.Resolve(Connection);
                _runner = new ClientCallRunner(connection, WriteVerbose, WriteWarning, new CmdletPostingHost(this).IsStop, ConnectionStore.Advice);
                WriteObject(_runner.Run((client, log, cancel) => client.GetQueueAsync(new RetryPolicy(3, TimeSpan.FromSeconds(2)), log, cancel)), enumerateCollection: true);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (ZApiException ex)
            {
                // The connection's masked route, not the object: an error record is often exported, and its target with it.
                ThrowTerminatingError(ErrorRecords.Create(ex, Connection?.ToString()));
            }
        }

        protected override void StopProcessing() => _runner?.Cancel();

        #endregion

        public void Dispose() => _runner?.Dispose();
    }
}
