using System.Management.Automation;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>Asks Z-API whether the instance and its phone are connected, so a runbook can check before a batch.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ZApiConnection")]
    [OutputType(typeof(ZApiInstanceStatus))]
    public sealed class TestZApiConnectionCommand : ZApiRequestCmdlet
    {
        #region Method Overrides

        protected override void EndProcessing()
        {
            try
            {
                WriteObject(Await((log, cancel) => Client.GetStatusAsync(RetryPolicy.None, log, cancel)));
            }
            catch (ZApiException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(ex, Connection));
            }

            base.EndProcessing();
        }

        #endregion
    }
}
