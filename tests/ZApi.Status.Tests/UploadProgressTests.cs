using ZApi.Status.Posting;


namespace ZApi.Status.Tests;

public sealed class UploadProgressTests
{
    private long _now;

    // A clock a test moves: a second passes between reports unless the test says otherwise.
    private UploadProgress Progress() => new(true, "Posting image statuses", () => _now += System.Diagnostics.Stopwatch.Frequency);

    [Fact]
    public void The_bar_starts_empty_counts_file_bytes_and_never_goes_back_on_a_retry()
    {
        UploadProgress progress = Progress();
        ProgressUpdate start = progress.Starting("a.png (image/png, 1,000 bytes)")!;
        Assert.Equal(0, start.PercentComplete);

        var percents = new List<int> { start.PercentComplete };
        foreach (long sent in new long[] { 300, 600, 100, 400, 700, 1000 })
        {
            if (progress.BytesSent(sent, 1000) is ProgressUpdate record)
            {
                percents.Add(record.PercentComplete);
                Assert.EndsWith($"{sent:N0} of 1,000 bytes sent", record.Status);
            }
        }

        Assert.Equal(new[] { 0, 30, 60, 70, 100 }, percents);
    }

    [Fact]
    public void The_next_input_starts_again_from_an_empty_bar()
    {
        UploadProgress progress = Progress();
        progress.Starting("a.png");
        Assert.Equal(100, progress.BytesSent(1000, 1000)!.PercentComplete);
        Assert.Equal(0, progress.Starting("b.png")!.PercentComplete);
        Assert.Equal(10, progress.BytesSent(100, 1000)!.PercentComplete);
    }

    [Fact]
    public void Nothing_is_shown_without_an_interactive_host()
    {
        var progress = new UploadProgress(false, "Posting image statuses");
        Assert.Null(progress.Starting("a.png"));
        Assert.Null(progress.BytesSent(10, 100));
        Assert.Null(progress.Completed());
    }
}
