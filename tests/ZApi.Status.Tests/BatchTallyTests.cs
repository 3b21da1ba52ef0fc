using ZApi.Status.Batch;

namespace ZApi.Status.Tests;

public sealed class BatchTallyTests
{
    [Fact]
    public void Counts_every_outcome_and_error_id_with_bytes_and_time()
    {
        TimeSpan now = TimeSpan.FromSeconds(100);
        var tally = new BatchTally(() => now);
        tally.Result(StatusOutcome.Posted, 1000);
        tally.Result(StatusOutcome.Posted, 234);
        tally.Result(StatusOutcome.NotDue, 0);
        tally.Error(ZApiErrorId.ImageNotFound);
        tally.Error(ZApiErrorId.ImageNotFound);
        tally.Error(ZApiErrorId.InvalidPostAt);
        now += TimeSpan.FromSeconds(12.34);

        BatchSummary summary = tally.Summary();
        Assert.Equal(2, summary.Outcomes["Posted"]);
        Assert.Equal(1, summary.Outcomes["notdue"]);
        Assert.Equal(0, summary.Outcomes["Deferred"]);
        Assert.Equal(Enum.GetNames<StatusOutcome>().Order(), summary.Outcomes.Keys.Order());
        Assert.Equal(2, summary.Errors["ImageNotFound"]);
        Assert.Equal(3, summary.Failed);
        Assert.Equal(1234, summary.ByteCount);
        Assert.Equal(TimeSpan.FromSeconds(12.34), summary.Elapsed);
        Assert.StartsWith("2 Posted, ", summary.ToString());
        Assert.Contains(", 1 NotDue, ", summary.ToString());
        Assert.Contains(", 0 Deferred, ", summary.ToString());
        Assert.EndsWith(", 3 failed (ImageNotFound 2, InvalidPostAt 1); 1,234 bytes posted in 12.3 s", summary.ToString());
    }

    [Fact]
    public void Posts_made_count_the_unknown_outcomes_too_so_the_maximum_is_never_exceeded()
    {
        var tally = new BatchTally(() => TimeSpan.Zero);
        tally.Result(StatusOutcome.Posted, 1);
        tally.Result(StatusOutcome.Deferred, 0);
        tally.Error(ZApiErrorId.ZApiOutcomeUnknown);
        tally.Error(ZApiErrorId.ZApiRequestFailed);
        Assert.Equal(2, tally.PostsMade);
    }

    [Fact]
    public void An_empty_batch_sums_up_as_nothing()
    {
        BatchSummary summary = new BatchTally(() => TimeSpan.Zero).Summary();
        Assert.All(summary.Outcomes.Values, n => Assert.Equal(0, n));
        Assert.Empty(summary.Errors);
        Assert.EndsWith(" Deferred, 0 Expired, 0 failed; 0 bytes posted in 0.0 s", summary.ToString());
    }
}
