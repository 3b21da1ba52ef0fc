using System.Management.Automation;
using ZApi.Status.Commands;

namespace ZApi.Status.Tests;

/// <summary>A call whose report cannot be written: it is cancelled alone, and what it did is kept.</summary>
public sealed class ClientCallRunnerTests
{
    private static ZApiConnection Connection() =>
        new("i", SandboxServer.Secure("tok-SECRET"), SandboxServer.Secure("ct-SECRET"), new Uri("http://127.0.0.1:9/"));

    [Fact]
    public void A_warning_the_host_cannot_show_cancels_that_call_only_and_later_calls_still_run()
    {
        using var runner = new ClientCallRunner(Connection(), _ => { }, _ => throw new PSInvalidOperationException("NonInteractive mode"));
        bool cancelled = false;

        Assert.Throws<PSInvalidOperationException>(() => runner.Run<int>(async (client, log, cancel) =>
        {
            client.RetryWaiting!("Cannot connect; retrying in 2 s");
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return 0;
        }));

        Assert.True(cancelled);
        Assert.Null(runner.LastCallResult);
        Assert.Equal(1, runner.Run((client, log, cancel) => Task.Run(() =>
        {
            cancel.ThrowIfCancellationRequested();
            return 1;
        })));
    }

    [Fact]
    public void A_call_that_completed_before_its_last_report_failed_keeps_its_result()
    {
        using var runner = new ClientCallRunner(Connection(), _ => { }, _ => { });
        Task<string>? call = null;

        Assert.Throws<PipelineStoppedException>(() => runner.Run((client, log, cancel) => call = Task.Run(() =>
        {
            runner.WriteFromAnyThread(() =>
            {
                // Ctrl+C lands on the last report, after Z-API had answered.
                SpinWait.SpinUntil(() => call != null && call.IsCompleted);
                throw new PipelineStoppedException();
            });
            return "queued";
        })));

        Assert.Equal("queued", runner.LastCallResult);
        runner.ForgetLastCall();
        Assert.Null(runner.LastCallResult);
    }
}
