using System.Text.Json;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;
using ZApi.Status.Posting;

namespace ZApi.Status.Tests;

/// <summary>
/// Z-API's queue as the module reads and changes it, against a recording server that answers in the documented shapes:
/// POST .../queue with {pageSize, pagingState} answering {messages, pagingState, hasMore}, and DELETE .../queue/{zaapId}.
/// A cancellation is recorded in the status history, whose verdict table then posts the status again.
/// </summary>
public sealed class QueueClientTests : IDisposable
{
    private const string RouteToken = "queue-route-T0KEN";
    private const string ClientToken = "queue-client-T0KEN";

    private readonly string _folder = Directory.CreateTempSubdirectory("zapi-queue-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ZApiConnection Connection(Uri baseUri, int timeoutSec = 100) =>
        new("inst", SandboxServer.Secure(RouteToken), SandboxServer.Secure(ClientToken), baseUri, timeoutSec);

    private static string Message(string zaapId, long created, string text) =>
        $"{{\"DelayMessage\":-1,\"Message\":\"{text}\",\"InstanceId\":\"inst\",\"CreatedAt\":\"ignored\",\"ZaapId\":\"{zaapId}\",\"DelayTyping\":0,"
        + $"\"Created\":{created},\"Beta\":false,\"IsTrial\":false,\"Phone\":\"status@broadcast\",\"_id\":\"{zaapId}\",\"MessageId\":\"m-{zaapId}\"}}";

    /// <summary>A server that answers the n-th request with the n-th body (200), and the last one after that.</summary>
    private static RawHttpServer Pages(params string[] bodies)
    {
        int served = 0;
        return new RawHttpServer((head, stream, cancel) =>
            RawHttpServer.Answer(200, bodies[Math.Min(Interlocked.Increment(ref served), bodies.Length) - 1])(head, stream, cancel));
    }

    [Fact]
    public async Task Listing_follows_every_page_by_its_cursor_and_reads_the_documented_fields()
    {
        long created = new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        using RawHttpServer server = Pages(
            $"{{\"messages\":[{Message("Z1", created, "Bom dia")},{Message("Z2", created + 1000, "")}],\"pagingState\":\"cursor-1\",\"hasMore\":true}}",
            $"{{\"messages\":[{Message("Z3", created + 2000, "third")}],\"pagingState\":\"cursor-2\",\"hasMore\":true}}",
            "{\"messages\":[],\"pagingState\":null,\"hasMore\":false}");

        IReadOnlyList<ZApiQueuedMessage> queue = await new ZApiClient(Connection(server.BaseUri)).GetQueueAsync(RetryPolicy.None, null, default);

        Assert.Equal(new[] { "Z1", "Z2", "Z3" }, queue.Select(m => m.ZaapId));
        ZApiQueuedMessage first = queue[0];
        Assert.Equal(("m-Z1", "status@broadcast", "Bom dia"), (first.MessageId, first.Phone, first.Message));
        Assert.Equal(DateTimeKind.Local, first.Created!.Value.Kind);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(first.Created.Value));
        var requests = server.Received.ToArray();
        Assert.All(requests, r => Assert.Equal($"POST /instances/inst/token/{RouteToken}/queue HTTP/1.1", r.RequestLine));
        Assert.Equal(new string?[] { null, "cursor-1", "cursor-2" }, requests.Select(r => Cursor(r.Body)));
        Assert.All(requests, r => Assert.Equal(ZApiClient.QueuePageSize, JsonDocument.Parse(r.Body).RootElement.GetProperty("pageSize").GetInt32()));
    }

    [Theory]
    [InlineData(1777885200000000)] // microseconds, not milliseconds: the year 58,000
    [InlineData(-99999999999999999)]
    public async Task A_creation_time_no_calendar_holds_leaves_Created_empty_and_the_listing_whole(long created)
    {
        using RawHttpServer server = Pages($"{{\"messages\":[{Message("Z1", created, "a")}],\"pagingState\":null,\"hasMore\":false}}");

        IReadOnlyList<ZApiQueuedMessage> queue = await new ZApiClient(Connection(server.BaseUri)).GetQueueAsync(RetryPolicy.None, null, default);

        Assert.Equal(("Z1", (DateTime?)null), (queue.Single().ZaapId, queue.Single().Created));
    }

    [Fact]
    public async Task A_cursor_that_comes_back_ends_the_listing_with_an_error_instead_of_a_loop()
    {
        using RawHttpServer server = Pages($"{{\"messages\":[{Message("Z1", 0, "a")}],\"pagingState\":\"same\",\"hasMore\":true}}");

        var ex = await Assert.ThrowsAsync<ZApiException>(() => new ZApiClient(Connection(server.BaseUri)).GetQueueAsync(RetryPolicy.None, null, default));

        Assert.Equal(ZApiErrorId.ZApiRequestFailed, ex.ErrorId);
        Assert.Contains("did not end after 2 pages", ex.Message);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_listing_that_times_out_is_a_failed_request_never_an_unknown_outcome()
    {
        using var server = new RawHttpServer((_, _, cancel) => Task.Delay(Timeout.Infinite, cancel));

        var ex = await Assert.ThrowsAsync<ZApiException>(() => new ZApiClient(Connection(server.BaseUri, timeoutSec: 1)).GetQueueAsync(RetryPolicy.None, null, default));

        Assert.Equal(ZApiErrorId.ZApiRequestFailed, ex.ErrorId);
        Assert.DoesNotContain("may or may not have been posted", ex.Message);
    }

    [Fact]
    public async Task A_refused_Client_Token_is_an_authentication_failure_and_no_secret_is_shown()
    {
        using var refusing = new RawHttpServer(RawHttpServer.Answer(403, $"{{\"error\":\"Client-Token {ClientToken} not allowed\"}}"));

        var ex = await Assert.ThrowsAsync<ZApiException>(() => new ZApiClient(Connection(refusing.BaseUri)).GetQueueAsync(RetryPolicy.None, null, default));

        Assert.Equal(ZApiErrorId.ZApiAuthenticationFailed, ex.ErrorId);
        Assert.DoesNotContain(ClientToken, ex.ToString());
        Assert.DoesNotContain(RouteToken, ex.ToString());
    }

    [Theory]
    [InlineData(200, "{\"value\":true}", null)]
    [InlineData(200, "", null)]
    [InlineData(404, "{\"error\":\"No message with zaapId Z/1 waits in the queue.\"}", ZApiErrorId.QueuedMessageNotFound)]
    [InlineData(200, "{\"value\":false}", ZApiErrorId.QueuedMessageNotFound)]
    [InlineData(401, "{\"error\":\"Client-Token not allowed\"}", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(500, "oops", ZApiErrorId.ZApiRequestFailed)]
    public async Task Removing_sends_a_DELETE_for_the_escaped_zaapId_and_reads_the_answer(int status, string body, ZApiErrorId? expected)
    {
        using var server = new RawHttpServer(RawHttpServer.Answer(status, body));
        var client = new ZApiClient(Connection(server.BaseUri));

        Exception? failure = await Record.ExceptionAsync(() => client.RemoveQueuedAsync("Z/1", RetryPolicy.None, null, default));

        Assert.Equal(expected, (failure as ZApiException)?.ErrorId);
        Assert.Equal($"DELETE /instances/inst/token/{RouteToken}/queue/Z%2F1 HTTP/1.1", server.Received.Single().RequestLine);
        if (expected == ZApiErrorId.QueuedMessageNotFound)
        {
            Assert.Contains("'Z/1'", failure!.Message);
            Assert.Contains("Get-ZApiQueue", failure.Message);
        }
    }

    [Fact]
    public void A_cancelled_status_is_recorded_as_Cancelled_under_its_key_and_the_next_run_posts_it_again()
    {
        string historyPath = Path.Combine(_folder, "history.jsonl");
        var post = TextStatusPost.From("Good morning");
        using (HistorySession first = HistorySession.Open(historyPath, "inst", false, false, HistoryLocation.File(historyPath).Open, _ => { }))
        {
            using HistoryClaim claim = first.Claim(post, first.Check(post), CancellationToken.None);
            claim.Complete(StatusHistoryOutcome.Posted, DateTimeOffset.Now, new QueuedStatus("Z1", "m-Z1"), null);
        }

        using var server = new RawHttpServer(RawHttpServer.Answer(200, "{\"value\":true}"));
        StatusHistoryEntry? cancelled;
        StatusHistoryEntry? unknown;
        using (var calls = new ClientCallRunner(Connection(server.BaseUri), _ => { }, _ => { }, _ => false))
        using (var canceller = new QueueCanceller(calls, HistoryLocation.File(historyPath), RetryPolicy.None, _ => { }))
        {
            cancelled = canceller.Cancel("Z1");
            unknown = canceller.Cancel("not-ours");
        }

        Assert.Equal(("text", "m-Z1"), (cancelled!.Kind, cancelled.MessageId));
        Assert.Null(unknown);
        StatusHistoryEntry entry = FileHistoryStore.ReadEntries(historyPath, _ => { }).Single();
        Assert.Equal((StatusHistoryOutcome.Cancelled, "Z1", cancelled.Key), (entry.Outcome, entry.ZaapId, entry.Key));
        Assert.Equal(3, File.ReadAllLines(historyPath).Length);
        using HistorySession later = HistorySession.Open(historyPath, "inst", false, false, HistoryLocation.File(historyPath).Open, _ => { });
        Assert.Equal(HistoryVerdict.Post, later.Check(post)!.Verdict);
    }

    [Fact]
    public void A_cancellation_without_a_history_writes_nothing_and_one_Z_API_refused_records_nothing()
    {
        string historyPath = Path.Combine(_folder, "history.jsonl");
        using var server = new RawHttpServer(RawHttpServer.Answer(404, "{\"error\":\"No message with zaapId Z1 waits in the queue.\"}"));
        using var calls = new ClientCallRunner(Connection(server.BaseUri), _ => { }, _ => { }, _ => false);
        using (var withoutHistory = new QueueCanceller(calls, null, RetryPolicy.None, _ => { }))
        using (var withHistory = new QueueCanceller(calls, HistoryLocation.File(historyPath), RetryPolicy.None, _ => { }))
        {
            Assert.Equal(ZApiErrorId.QueuedMessageNotFound, Assert.Throws<ZApiException>(() => withoutHistory.Cancel("Z1")).ErrorId);
            Assert.Equal(ZApiErrorId.QueuedMessageNotFound, Assert.Throws<ZApiException>(() => withHistory.Cancel("Z1")).ErrorId);
        }

        Assert.False(File.Exists(historyPath));
    }

    private static string? Cursor(string body) =>
        JsonDocument.Parse(body).RootElement.TryGetProperty("pagingState", out JsonElement cursor) ? cursor.GetString() : null;
}
