using ZApi.Status.Batch;

namespace ZApi.Status.Tests;

/// <summary>The pacing arithmetic on a fake clock: the delay advances the clock, so nothing really waits.</summary>
public sealed class PostPacerTests
{
    private TimeSpan _now = TimeSpan.FromHours(1);
    private readonly List<TimeSpan> _delays = new();

    private PostPacer Pacer(double intervalSec, int jitterPercent, int seed = 7) =>
        new(TimeSpan.FromSeconds(intervalSec), jitterPercent, () => _now, (delay, _) =>
        {
            _delays.Add(delay);
            _now += delay;
            return Task.CompletedTask;
        }, new Random(seed));

    /// <summary>Takes turns with <paramref name="work"/> of time between them; returns the start of each.</summary>
    private async Task<List<TimeSpan>> StartsAsync(PostPacer pacer, int posts, TimeSpan work)
    {
        var starts = new List<TimeSpan>();
        for (int i = 0; i < posts; i++)
        {
            await pacer.TakeTurnAsync(null, CancellationToken.None);
            starts.Add(_now);
            _now += work;
        }

        return starts;
    }

    [Fact]
    public async Task Without_an_interval_nothing_waits()
    {
        PostPacer pacer = Pacer(0, 25);
        await StartsAsync(pacer, 5, TimeSpan.Zero);
        Assert.False(pacer.Paces);
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task The_first_post_starts_at_once_and_every_gap_is_at_least_the_interval_and_at_most_its_jitter_more()
    {
        List<TimeSpan> starts = await StartsAsync(Pacer(10, 25), 40, TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.FromHours(1), starts[0]);
        double[] gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.All(gaps, gap => Assert.InRange(gap, 10.0, 12.5));
        Assert.True(gaps.Distinct().Count() > 30, "jittered gaps are not machine-regular");
    }

    [Fact]
    public async Task Without_jitter_the_gaps_are_exactly_the_interval()
    {
        List<TimeSpan> starts = await StartsAsync(Pacer(2, 0), 4, TimeSpan.FromSeconds(0.25));
        Assert.Equal(new[] { 2.0, 2.0, 2.0 }, starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalSeconds));
    }

    [Fact]
    public async Task A_post_that_took_longer_than_the_interval_needs_no_wait()
    {
        await StartsAsync(Pacer(1, 0), 3, TimeSpan.FromSeconds(5));
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task A_long_wait_reports_what_is_left_about_once_a_second()
    {
        PostPacer pacer = Pacer(3.5, 0);
        var reported = new List<double>();
        await pacer.TakeTurnAsync(left => reported.Add(left.TotalSeconds), CancellationToken.None);
        TimeSpan waited = await pacer.TakeTurnAsync(left => reported.Add(left.TotalSeconds), CancellationToken.None);

        Assert.Equal(new[] { 3.5, 2.5, 1.5, 0.5 }, reported);
        Assert.Equal(TimeSpan.FromSeconds(3.5), waited);
        Assert.All(_delays, d => Assert.True(d <= TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_does_not_count_the_post_as_started()
    {
        var pacer = new PostPacer(TimeSpan.FromSeconds(30), 0, () => _now, (delay, cancel) => Task.Delay(delay, cancel), new Random(1));
        await pacer.TakeTurnAsync(null, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.TakeTurnAsync(null, cancel.Token));
        Assert.Equal(TimeSpan.FromSeconds(30), pacer.DelayNow());
    }

    [Fact]
    public void Negative_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pacer(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pacer(1, -1));
    }
}
