using ZApi.Status.Posting;

namespace ZApi.Status.Tests;

/// <summary>The rule the cmdlets live by: what a client call reports from the thread pool is written on the waiting thread.</summary>
public sealed class PipelineThreadQueueTests
{
    [Fact]
    public void Posts_from_the_thread_pool_run_on_the_waiting_thread_in_order()
    {
        var queue = new PipelineThreadQueue();
        int waitingThread = Environment.CurrentManagedThreadId;
        var written = new List<(int Value, int Thread)>();

        int result = queue.Run(() => Task.Run(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                int value = i;
                queue.Post(() => written.Add((value, Environment.CurrentManagedThreadId)));
                if (i % 10 == 0)
                {
                    await Task.Yield();
                }
            }

            return 42;
        }));

        Assert.Equal(42, result);
        Assert.Equal(Enumerable.Range(0, 50), written.Select(w => w.Value));
        Assert.All(written, w => Assert.Equal(waitingThread, w.Thread));
    }

    [Fact]
    public void A_post_while_no_call_runs_is_dropped()
    {
        var queue = new PipelineThreadQueue();
        bool ran = false;
        queue.Post(() => ran = true);
        queue.Run(() => Task.FromResult(0));
        queue.Post(() => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void The_calls_exception_reaches_the_waiting_thread_after_its_reports()
    {
        var queue = new PipelineThreadQueue();
        var written = new List<string>();
        var thrown = Assert.Throws<InvalidOperationException>(() => queue.Run<int>(() => Task.Run(Fail)));

        int Fail()
        {
            queue.Post(() => written.Add("before the failure"));
            throw new InvalidOperationException("the call failed");
        }


        Assert.Equal("the call failed", thrown.Message);
        Assert.Equal(new[] { "before the failure" }, written);
    }

    [Fact]
    public async Task A_write_that_throws_ends_the_wait_and_later_posts_are_dropped()
    {
        var queue = new PipelineThreadQueue();
        var release = new TaskCompletionSource();
        Task<int>? call = null;

        // The call starts inside Run, as a client call does, so its first post finds the queue open.
        Assert.Throws<OperationCanceledException>(() => queue.Run(() => call = Task.Run(async () =>
        {
            queue.Post(() => throw new OperationCanceledException("pipeline stopped"));
            await release.Task;
            queue.Post(() => throw new Xunit.Sdk.XunitException("must not run"));
            return 1;
        })));

        release.SetResult();
        Assert.Equal(1, await call!);
        Assert.Equal(0, queue.Run(() => Task.FromResult(0)));
    }

    [Fact]
    public void A_call_that_throws_before_it_returns_a_task_does_not_leave_the_queue_open()
    {
        var queue = new PipelineThreadQueue();
        Assert.Throws<ArgumentException>(() => queue.Run<int>(() => throw new ArgumentException("bad call")));
        bool ran = false;
        queue.Post(() => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void A_write_that_throws_abandons_the_call_and_waits_for_it_to_end_before_the_exception_goes_on()
    {
        var queue = new PipelineThreadQueue();
        using var abandoned = new CancellationTokenSource();
        Task<int>? call = null;
        bool cancelledCallEnded = false;

        Assert.Throws<InvalidOperationException>(() => queue.Run(() => call = Task.Run(async () =>
        {
            queue.Post(() => throw new InvalidOperationException("a warning under -WarningAction Stop"));
            try
            {
                await Task.Delay(Timeout.Infinite, abandoned.Token);
            }
            catch (OperationCanceledException)
            {
                queue.Post(() => throw new Xunit.Sdk.XunitException("must not run"));
                cancelledCallEnded = true;
                throw;
            }

            return 1;
        }), abandoned.Cancel));

        Assert.True(abandoned.IsCancellationRequested);
        Assert.True(cancelledCallEnded);
        Assert.True(call!.IsCanceled);
        Assert.Equal(0, queue.Run(() => Task.FromResult(0)));
    }
}
