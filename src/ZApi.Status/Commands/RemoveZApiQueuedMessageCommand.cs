using System;
using System.Management.Automation;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Cancels messages waiting in Z-API's queue before the phone sends them; a cancelled status is recorded in the
    /// status history as Cancelled, so a later run posts it again.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ZApiQueuedMessage", HelpUri = OnlineHelp.Commands, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveZApiQueuedMessageCommand : PSCmdlet, IDisposable
    {
        private ClientCallRunner _runner = null!;
        private QueueCanceller _canceller = null!;

        #region Parameters

        /// <summary>The queued message's id, as Get-ZApiQueue gives it; binds from its output by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] ZaapId { get; set; } = null!;

        /// <summary>A connection from Set-ZApiConnection -PassThru; overrides the session's and the environment's.</summary>
        [Parameter]
        [ValidateNotNull]
        public ZApiConnection? Connection { get; set; }

        /// <summary>The status history file that records the cancellation; without it, the connection's history (file or table), else ZAPI_HISTORY_PATH or ZAPI_HISTORY_TABLE_URI.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HistoryPath { get; set; }

        #endregion

        #region Method Overrides

        protected override void BeginProcessing()
        {
            try
            {
                ZApiConnection connection = ConnectionStore.Resolve(Connection, WriteWarning);
                _runner = new ClientCallRunner(connection, WriteVerbose, WriteWarning, new CmdletPostingHost(this).IsStop, ConnectionStore.Advice);
                var retry = new RetryPolicy(3, TimeSpan.FromSeconds(2));
                HistoryLocation? history = HistoryResolver.Locate(SessionState, new HistoryArguments { Path = HistoryPath }, connection, retry);
                _canceller = new QueueCanceller(_runner, history, retry, WriteWarning);
            }
            catch (ZApiException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(ex, Connection?.ToString()));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (string zaapId in ZaapId)
            {
                if (!ShouldProcess("the message with zaapId " + zaapId, "Remove from Z-API's queue"))
                {
                    continue;
                }

                try
                {
                    StatusHistoryEntry? cancelled = _canceller.Cancel(zaapId);
                    WriteVerbose(cancelled == null
                        ? $"Removed {zaapId} from the queue."
                        : $"Removed {zaapId} from the queue; the status history records the {cancelled.Kind} '{cancelled.Source}' as Cancelled, so a later run posts it again.");
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException();
                }
                catch (ZApiException ex) when (StoppingErrors.Contains(ex.ErrorId))
                {
                    ThrowTerminatingError(ErrorRecords.Create(ex, zaapId));
                }
                catch (ZApiException ex)
                {
                    WriteError(ErrorRecords.Create(ex, zaapId));
                }
            }
        }

        protected override void StopProcessing() => _runner?.Cancel();

        #endregion

        public void Dispose()
        {
            _canceller?.Dispose();
            _runner?.Dispose();
        }
    }
}
