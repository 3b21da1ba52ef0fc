using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;

namespace ZApi.Status.Tests;

public class HistoryClaimTests
{
    private static HistoryClaim GrantedClaim(Func<StatusHistoryOutcome, DateTimeOffset, QueuedStatus?, string?, Task> record) =>
        new(new HistoryCheck("/data/history.jsonl", StatusIdentity.Of("i1", TextStatusPost.From("hello")), HistoryVerdict.Post, null),
            Task.CompletedTask, record);

    [Fact]
    public void A_posted_status_the_history_cannot_record_is_never_called_unposted_in_the_warning()
    {
        // The file store's own message for a write that fails, as its completion meets it on a full disk.
        using HistoryClaim claim = GrantedClaim((_, _, _, _) => throw HistoryFile.Unavailable("/data/history.jsonl", "write to it", new IOException("Disk full.")));

        string? warning = claim.Complete(StatusHistoryOutcome.Posted, DateTimeOffset.Now, new QueuedStatus("z-1", "m-1"), null);

        Assert.NotNull(warning);
        Assert.Contains("Z-API queued the text", warning);
        Assert.Contains("(message id m-1)", warning);
        Assert.Contains("Disk full.", warning);
        Assert.DoesNotContain("Nothing was posted", warning);
    }

    [Fact]
    public async Task A_completion_a_table_refuses_later_reads_the_same_way()
    {
        using HistoryClaim claim = GrantedClaim((_, _, _, _) => Task.FromException(new ZApiException(ZApiErrorId.HistoryUnavailable,
            "The status history table 'history' refused the write (HTTP 503). Nothing was posted.")));

        string? warning = await claim.CompleteLater(StatusHistoryOutcome.Posted, DateTimeOffset.Now, new QueuedStatus("z-1", "m-1"), null);

        Assert.NotNull(warning);
        Assert.EndsWith("refused the write (HTTP 503).", warning);
    }
}
