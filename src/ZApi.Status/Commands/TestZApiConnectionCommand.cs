using System.Management.Automation;
using ZApi.Status.Client;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>Asks Z-API whether the instance and its phone are connected, so a runbook can check before a batch.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ZApiConnection", HelpUri = OnlineHelp.Commands)]
    [OutputType(typeof(ZApiInstanceStatus))]
    public sealed class TestZApiConnectionCommand : ClientCallCmdlet
    {
        internal override void Call(ClientCallRunner runner) =>
            WriteObject(runner.Run((client, log, cancel) => client.GetStatusAsync(RetryPolicy.None, log, cancel)));
    }
}
