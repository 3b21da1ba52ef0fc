using ZApi.Status.Client;
using ZApi.Status.Posting;

namespace ZApi.Status.Tests;

/// <summary>A call whose report cannot be written is cancelled alone; every way a send can end is one outcome.</summary>
public sealed class ClientCallRunnerTests
{
    private sealed class HostStopped : Exception
    {
    }

    private static ZApiConnection Connection() =>
        new("i", SandboxServer.Secure("tok-SECRET"), SandboxServer.Secure("ct-SECRET"), new Uri("http://127.0.0.1:9/"));

    private static ClientCallRunner Runner(Action<string>? warn = null) =>
        new(Connection(), _ => { }, warn ?? (_ => { }), ex => ex is HostStopped);

    [Fact]
    public void A_warning_the_host_cannot_show_cancels_that_call_only_and_later_calls_still_run()
    {
        using var runner = Runner(_ => throw new InvalidOperationException("NonInteractive mode"));
        bool cancelled = false;

        Assert.Throws<InvalidOperationException>(() => runner.Run<int>(async (client, log, cancel) =>
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
        Assert.Equal(1, runner.Run((client, log, cancel) => Task.Run(() =>
        {
            cancel.ThrowIfCancellationRequested();
            return 1;
        })));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_send_that_completed_before_its_last_report_failed_is_queued_and_says_whether_the_run_ends(bool reportStops)
    {
        using var runner = Runner();
        var queued = new QueuedStatus("z", "m");
        Task<QueuedStatus>? call = null;
        Exception failure = reportStops ? new HostStopped() : new InvalidOperationException("cannot show it");

        SendOutcome outcome = runner.Send((client, log, cancel) => call = Task.Run(() =>
        {
            runner.WriteFromAnyThread(() =>
            {
                // Ctrl+C (or a warning the host cannot show) lands on the last report, after Z-API had answered.
                SpinWait.SpinUntil(() => call != null && call.IsCompleted);
                throw failure;
            });
            return queued;
        }));

        Assert.Equal((SendOutcomeKind.Queued, "m", true), (outcome.Kind, outcome.Status!.MessageId, outcome.MayExist));
        Assert.Same(reportStops ? failure : null, outcome.Stop);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ctrl_C_mid_request_is_a_stop_that_knows_whether_the_body_had_left(bool bodyLeft)
    {
        using var runner = Runner();

        SendOutcome outcome = runner.Send(async (client, log, cancel) =>
        {
            if (bodyLeft)
            {
                client.SendingStarted!();
            }

            runner.Cancel();
            await Task.Delay(Timeout.Infinite, cancel);
            return null!;
        });

        Assert.Equal((SendOutcomeKind.Stopped, bodyLeft, bodyLeft), (outcome.Kind, outcome.BodyLeft, outcome.MayExist));
        Assert.IsAssignableFrom<OperationCanceledException>(outcome.Stop);
    }

    [Fact]
    public void A_write_that_fails_mid_request_is_that_input_s_failure_and_in_doubt_once_the_body_had_left()
    {
        using var runner = Runner(_ => throw new InvalidOperationException("cannot show the route tok-SECRET"));

        SendOutcome outcome = runner.Send(async (client, log, cancel) =>
        {
            client.SendingStarted!();
            client.RetryWaiting!("a warning the host cannot show");
            await Task.Delay(Timeout.Infinite, cancel);
            return null!;
        });

        Assert.Equal((SendOutcomeKind.Failed, ZApiErrorId.ZApiOutcomeUnknown), (outcome.Kind, outcome.Error!.ErrorId));
        Assert.DoesNotContain("tok-SECRET", outcome.Error.Message);
    }
}
