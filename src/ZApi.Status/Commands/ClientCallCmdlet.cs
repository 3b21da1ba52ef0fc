using System;
using System.Management.Automation;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// A cmdlet that makes one call to Z-API when its input is done: -Connection, a <see cref="ClientCallRunner"/>
    /// for Ctrl+C and verbose lines, and a terminating error that names the connection's masked route.
    /// </summary>
    public abstract class ClientCallCmdlet : PSCmdlet, IDisposable
    {
        private ClientCallRunner? _runner;

        // Only this assembly's cmdlets derive from it.
        internal ClientCallCmdlet()
        {
        }

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
                _runner = new ClientCallRunner(connection, WriteVerbose, WriteWarning, new CmdletPostingHost(this).IsStop, ConnectionStore.Advice);
                Call(_runner);
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

        /// <summary>Makes the call through <paramref name="runner"/> and writes its output.</summary>
        internal abstract void Call(ClientCallRunner runner);
    }
}
