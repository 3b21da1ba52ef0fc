using System;
using System.Management.Automation;
using ZApi.Status.Client;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>Asks Z-API whether the instance and its phone are connected, so a runbook can check before a batch.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ZApiConnection", HelpUri = OnlineHelp.Commands)]
    [OutputType(typeof(ZApiInstanceStatus))]
    public sealed class TestZApiConnectionCommand : PSCmdlet, IDisposable
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
                ZApiConnection connection = ConnectionStore.Resolve(Connection, WriteWarning);
                var host = new CmdletPostingHost(this);
                _runner = new ClientCallRunner(connection, WriteVerbose, WriteWarning, host.IsStop, ConnectionStore.Advice);
                WriteObject(_runner.Run((client, log, cancel) => client.GetStatusAsync(RetryPolicy.None, log, cancel)));
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
