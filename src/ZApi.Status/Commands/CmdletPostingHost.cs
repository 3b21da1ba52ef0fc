using System;
using System.Management.Automation;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>The posting workflow's host in real PowerShell: a cmdlet's streams, ShouldProcess and terminating errors.</summary>
    internal sealed class CmdletPostingHost : IPostingHost
    {
        /// <summary>The tag of the Information record that sums up a pipeline.</summary>
        internal const string SummaryTag = "ZApi.Summary";

        private readonly PSCmdlet _cmdlet;

        public CmdletPostingHost(PSCmdlet cmdlet) => _cmdlet = cmdlet;

        public bool ShouldPost(string description, string action) => _cmdlet.ShouldProcess(description, action);

        public void Emit(StatusResult result) => _cmdlet.WriteObject(result);

        public void Fail(ZApiException error, object? target) => _cmdlet.WriteError(ErrorRecords.Create(error, target));

        public void Stop(ZApiException error, object? target) => _cmdlet.ThrowTerminatingError(ErrorRecords.Create(error, target));

        public void Verbose(string message) => _cmdlet.WriteVerbose(message);

        public void Warning(string message) => _cmdlet.WriteWarning(message);

        /// <summary>
        /// A stopping pipeline refuses WriteWarning, so the warning goes to the host directly, unless
        /// $WarningPreference silences warnings.
        /// </summary>
        public void WarnAfterStop(string message)
        {
            try
            {
                if (_cmdlet.GetVariableValue("WarningPreference") is ActionPreference preference
                    && (preference == ActionPreference.SilentlyContinue || preference == ActionPreference.Ignore))
                {
                    return;
                }

                _cmdlet.Host?.UI?.WriteWarningLine(message);
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is PSInvalidOperationException || ex is PipelineStoppedException)
            {
                // A host that cannot show it: the error id in the docs says the same.
            }
        }

        public void Progress(ProgressUpdate update) =>
            _cmdlet.WriteProgress(new ProgressRecord(update.ActivityId, update.Activity, update.Status)
            {
                PercentComplete = update.PercentComplete,
                SecondsRemaining = update.SecondsRemaining,
                RecordType = update.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });

        public void Summary(BatchSummary summary)
        {
            _cmdlet.WriteVerbose("Summary: " + summary);
            _cmdlet.WriteInformation(summary, new[] { SummaryTag });
        }

        /// <summary>Ctrl+C, a Stop preference (a stopped pipeline inside a cmdlet), or a downstream stage that has all it wants.</summary>
        public bool IsStop(Exception exception) =>
            exception is PipelineStoppedException || exception is OperationCanceledException || exception is FlowControlException;
    }
}
