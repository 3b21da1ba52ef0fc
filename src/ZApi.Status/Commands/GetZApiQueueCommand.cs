using System;
using System.Management.Automation;
using ZApi.Status.Client;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>Lists the messages waiting in Z-API's queue (the phone offline), following every page.</summary>
    [Cmdlet(VerbsCommon.Get, "ZApiQueue", HelpUri = OnlineHelp.Commands)]
    [OutputType(typeof(ZApiQueuedMessage))]
    public sealed class GetZApiQueueCommand : ClientCallCmdlet
    {
        internal override void Call(ClientCallRunner runner) =>
            WriteObject(runner.Run((client, log, cancel) => client.GetQueueAsync(new RetryPolicy(3, TimeSpan.FromSeconds(2)), log, cancel)), enumerateCollection: true);
    }
}
