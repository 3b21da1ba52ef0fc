using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZApi.Sandbox;

namespace ZApi.Status.Tests;

/// <summary>
/// Z-API's queue as the sandbox keeps it: while the phone is offline a post is answered with its ids but waits, the
/// queue routes list it in Z-API's documented shapes and pages, cancel it one by one, and the phone's return posts
/// what is left in the order it was sent.
/// </summary>
public sealed class SandboxQueueTests : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly SandboxServer _sandbox;

    public SandboxQueueTests(SandboxServer sandbox) => _sandbox = sandbox;

    public Task InitializeAsync() => _sandbox.ResetAsync(new SandboxFaults { PhoneOffline = true });

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Route(string action) => SandboxServer.Route(action);

    private async Task<(string ZaapId, string MessageId)> PostTextAsync(string message)
    {
        var (status, body) = await _sandbox.CallAsync(HttpMethod.Post, Route("send-text-status"), JsonSerializer.Serialize(new { message }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(body.GetProperty("messageId").GetString(), body.GetProperty("id").GetString());
        return (body.GetProperty("zaapId").GetString()!, body.GetProperty("messageId").GetString()!);
    }

    /// <summary>Text statuses "message 0" to "message count-1", one after another; their zaapIds in that order.</summary>
    private async Task<List<string>> PostTextsAsync(int count)
    {
        var zaapIds = new List<string>();
        for (int i = 0; i < count; i++)
        {
            zaapIds.Add((await PostTextAsync($"message {i}")).ZaapId);
        }

        return zaapIds;
    }

    private async Task<JsonElement> QueuePageAsync(string json)
    {
        var (status, body) = await _sandbox.CallAsync(HttpMethod.Post, Route("queue"), json);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>Every message in the queue, following pagingState page by page as a client must; bounded.</summary>
    private async Task<(List<JsonElement> Messages, List<int> PageSizes)> WholeQueueAsync(int pageSize)
    {
        var messages = new List<JsonElement>();
        var pageSizes = new List<int>();
        string? pagingState = null;
        for (int page = 0; page < 100; page++)
        {
            JsonElement body = await QueuePageAsync(JsonSerializer.Serialize(new { pageSize, pagingState }));
            JsonElement[] items = body.GetProperty("messages").EnumerateArray().ToArray();
            messages.AddRange(items);
            pageSizes.Add(items.Length);
            if (!body.GetProperty("hasMore").GetBoolean())
            {
                Assert.Equal(JsonValueKind.Null, body.GetProperty("pagingState").ValueKind);
                return (messages, pageSizes);
            }

            pagingState = body.GetProperty("pagingState").GetString();
            Assert.False(string.IsNullOrEmpty(pagingState));
        }

        throw new InvalidOperationException("The queue never said hasMore: false.");
    }

    private async Task<JsonElement[]> SandboxStatusesAsync() =>
        (await _sandbox.Http.GetFromJsonAsync<JsonElement[]>("_sandbox/statuses"))!;

    [Fact]
    public async Task While_the_phone_is_offline_a_post_is_answered_with_its_ids_and_listed_in_the_queue_as_Z_API_documents()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;
        var text = await PostTextAsync("queued text");
        var (status, imageAnswer) = await _sandbox.CallAsync(HttpMethod.Post, Route("send-image-status"),
            JsonSerializer.Serialize(new { image = "data:image/png;base64," + Convert.ToBase64String(TestPng.Gradient(4, 4)), caption = "queued photo" }));
        Assert.Equal(HttpStatusCode.OK, status);

        JsonElement page = await QueuePageAsync("{}");

        Assert.False(page.GetProperty("hasMore").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("pagingState").ValueKind);
        JsonElement[] messages = page.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(2, messages.Length);
        JsonElement first = messages[0];
        Assert.Equal(
            new[] { "Beta", "Created", "CreatedAt", "DelayMessage", "DelayTyping", "InstanceId", "IsTrial", "Message", "MessageId", "Phone", "ZaapId", "_id" },
            first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(text.ZaapId, first.GetProperty("ZaapId").GetString());
        Assert.Equal(text.ZaapId, first.GetProperty("_id").GetString());
        Assert.Equal(text.MessageId, first.GetProperty("MessageId").GetString());
        Assert.Equal("queued text", first.GetProperty("Message").GetString());
        Assert.Equal(SandboxServer.InstanceId, first.GetProperty("InstanceId").GetString());
        Assert.Equal("status@broadcast", first.GetProperty("Phone").GetString());
        Assert.Equal(-1, first.GetProperty("DelayMessage").GetInt32());
        Assert.Equal(0, first.GetProperty("DelayTyping").GetInt32());
        Assert.False(first.GetProperty("Beta").GetBoolean());
        Assert.False(first.GetProperty("IsTrial").GetBoolean());
        var created = DateTimeOffset.FromUnixTimeMilliseconds(first.GetProperty("Created").GetInt64());
        Assert.InRange(created, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", first.GetProperty("CreatedAt").GetString());
        Assert.Equal(created, DateTimeOffset.Parse(first.GetProperty("CreatedAt").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(imageAnswer.GetProperty("zaapId").GetString(), messages[1].GetProperty("ZaapId").GetString());
        Assert.Equal("queued photo", messages[1].GetProperty("Message").GetString());

        // The sandbox's own view tells a waiting status from a live one; the gallery shows it as waiting.
        Assert.All(await SandboxStatusesAsync(), s => Assert.True(s.GetProperty("queued").GetBoolean()));
        string gallery = await _sandbox.Http.GetStringAsync("");
        Assert.Equal(2, CountOf(gallery, "Waiting for the phone"));
        Assert.Contains("0 live statuses", gallery);
    }

    [Fact]
    public async Task The_queue_pages_by_pagingState_with_pageSize_honoured_up_to_the_documented_30()
    {
        List<string> posted = await PostTextsAsync(32);

        var (bySeven, pagesOfSeven) = await WholeQueueAsync(7);
        var (byDefault, defaultPages) = await WholeQueueAsync(20);
        JsonElement capped = await QueuePageAsync("""{"pageSize":500}""");

        Assert.Equal(new[] { 7, 7, 7, 7, 4 }, pagesOfSeven);
        Assert.Equal(posted, bySeven.Select(m => m.GetProperty("ZaapId").GetString()));
        Assert.Equal(new[] { 20, 12 }, defaultPages);
        Assert.Equal(posted, byDefault.Select(m => m.GetProperty("ZaapId").GetString()));
        Assert.Equal(20, (await QueuePageAsync("{}")).GetProperty("messages").GetArrayLength());
        Assert.Equal(30, capped.GetProperty("messages").GetArrayLength());
        Assert.True(capped.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task A_cursor_still_leads_to_the_rest_when_messages_are_cancelled_between_pages()
    {
        List<string> posted = await PostTextsAsync(6);

        JsonElement first = await QueuePageAsync("""{"pageSize":3}""");
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.CallAsync(HttpMethod.Delete, Route("queue/" + posted[2]))).Status);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.CallAsync(HttpMethod.Delete, Route("queue/" + posted[3]))).Status);
        JsonElement second = await QueuePageAsync(JsonSerializer.Serialize(new { pageSize = 3, pagingState = first.GetProperty("pagingState").GetString() }));

        Assert.Equal(posted[4..6], second.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("ZaapId").GetString()));
        Assert.False(second.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task The_deprecated_GET_honours_pageSize_and_ignores_page_as_Z_API_now_documents()
    {
        List<string> posted = await PostTextsAsync(5);

        var (status, body) = await _sandbox.CallAsync(HttpMethod.Get, Route("queue?page=2&pageSize=3"));

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement[] messages = body.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(posted[..3], messages.Select(m => m.GetProperty("ZaapId").GetString()));
        Assert.Equal("message 0", messages[0].GetProperty("Message").GetString());
        Assert.Equal(5, (await _sandbox.CallAsync(HttpMethod.Get, Route("queue?page=1&pageSize=100"))).Body.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Deleting_a_queued_message_cancels_it_and_an_unknown_or_repeated_id_gets_404()
    {
        var keep = await PostTextAsync("keep");
        var cancel = await PostTextAsync("cancel");

        var (deleted, _) = await _sandbox.CallAsync(HttpMethod.Delete, Route("queue/" + cancel.ZaapId));
        var (again, againBody) = await _sandbox.CallAsync(HttpMethod.Delete, Route("queue/" + cancel.ZaapId));
        var (unknown, _) = await _sandbox.CallAsync(HttpMethod.Delete, Route("queue/0000000000000000000000000000DEAD"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (deleted, again, unknown));
        Assert.Contains(cancel.ZaapId, againBody.GetProperty("error").GetString());
        JsonElement queue = await QueuePageAsync("{}");
        Assert.Equal(new[] { keep.ZaapId }, queue.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("ZaapId").GetString()));
        Assert.Equal(new[] { keep.MessageId }, (await SandboxStatusesAsync()).Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Deleting_the_whole_queue_cancels_every_waiting_message_and_leaves_live_ones()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults());
        var live = await PostTextAsync("live");
        await _sandbox.SetFaultsAsync(new SandboxFaults { PhoneOffline = true });
        await PostTextAsync("waiting 1");
        await PostTextAsync("waiting 2");

        Assert.Equal(HttpStatusCode.OK, (await _sandbox.CallAsync(HttpMethod.Delete, Route("queue"))).Status);

        Assert.Equal(0, (await QueuePageAsync("{}")).GetProperty("messages").GetArrayLength());
        Assert.Equal(new[] { live.MessageId }, (await SandboxStatusesAsync()).Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task When_the_phone_comes_back_the_queue_is_posted_in_the_order_it_was_sent()
    {
        var first = await PostTextAsync("first");
        var cancelled = await PostTextAsync("cancelled");
        var third = await PostTextAsync("third");
        await _sandbox.CallAsync(HttpMethod.Delete, Route("queue/" + cancelled.ZaapId));
        DateTimeOffset back = DateTimeOffset.UtcNow;

        await _sandbox.SetFaultsAsync(new SandboxFaults { PhoneOffline = false });

        Assert.Equal(0, (await QueuePageAsync("{}")).GetProperty("messages").GetArrayLength());
        JsonElement[] statuses = await SandboxStatusesAsync();
        Assert.Equal(new[] { first.MessageId, third.MessageId }, statuses.Select(s => s.GetProperty("id").GetString()));
        Assert.All(statuses, s =>
        {
            Assert.False(s.GetProperty("queued").GetBoolean());
            Assert.True(s.GetProperty("publishedAt").GetDateTimeOffset() >= back.AddSeconds(-1));
            Assert.True(s.GetProperty("expiresAt").GetDateTimeOffset() >= back.AddHours(24).AddSeconds(-1));
        });

        // Live now, newest first in the gallery: the later post above the earlier one, none of them waiting.
        string gallery = await _sandbox.Http.GetStringAsync("");
        Assert.Equal(0, CountOf(gallery, "Waiting for the phone"));
        Assert.True(gallery.IndexOf("third", StringComparison.Ordinal) < gallery.IndexOf("first", StringComparison.Ordinal));
        Assert.Contains("2 live statuses", gallery);
    }

    [Fact]
    public async Task With_the_phone_online_a_post_goes_live_at_once_and_the_queue_stays_empty()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults());
        await PostTextAsync("straight to the status");

        Assert.Equal(0, (await QueuePageAsync("{}")).GetProperty("messages").GetArrayLength());
        JsonElement status = Assert.Single(await SandboxStatusesAsync());
        Assert.False(status.GetProperty("queued").GetBoolean());
    }

    [Theory]
    [InlineData("POST", "queue", null, 400)]
    [InlineData("POST", "queue", "wrong-client-token", 403)]
    [InlineData("GET", "queue?page=1&pageSize=5", null, 400)]
    [InlineData("DELETE", "queue/ABC", "wrong-client-token", 403)]
    [InlineData("DELETE", "queue", null, 400)]
    public async Task The_queue_routes_check_the_Client_Token_as_the_others_do(string method, string action, string? clientToken, int expected)
    {
        await PostTextAsync("waiting");
        var (status, body) = await _sandbox.CallAsync(new HttpMethod(method), Route(action), method == "POST" ? "{}" : null, clientToken);

        Assert.Equal(expected, (int)status);
        Assert.True(body.TryGetProperty("error", out _));
        Assert.Single(await SandboxStatusesAsync());
    }

    [Fact]
    public async Task The_queue_routes_refuse_a_wrong_route_token_a_wrong_method_and_a_body_that_is_not_json()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route("queue", token: "wrong"), "{}")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _sandbox.CallAsync(HttpMethod.Put, Route("queue"), "{}")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _sandbox.CallAsync(HttpMethod.Get, Route("queue/ABC"))).Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _sandbox.CallAsync(HttpMethod.Post, Route("queue"), "pageSize=3", contentType: "text/plain")).Status);
    }

    [Theory]
    [InlineData("""{"pageSize":0}""", "pageSize")]
    [InlineData("""{"pageSize":-3}""", "pageSize")]
    [InlineData("""{"pageSize":2.5}""", "pageSize")]
    [InlineData("""{"pageSize":"ten"}""", "pageSize")]
    [InlineData("""{"pagingState":"not-a-cursor"}""", "pagingState")]
    [InlineData("""{"pagingState":42}""", "pagingState")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"pageSize":""", "JSON")]
    public async Task Bad_paging_input_gets_400_naming_what_is_wrong(string json, string named)
    {
        var (status, body) = await _sandbox.CallAsync(HttpMethod.Post, Route("queue"), json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("queue?pageSize=0")]
    [InlineData("queue?pageSize=many")]
    public async Task A_bad_pageSize_on_the_deprecated_GET_gets_400_naming_it(string action)
    {
        var (status, body) = await _sandbox.CallAsync(HttpMethod.Get, Route(action));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("pageSize", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Queued_statuses_survive_a_restart_and_wait_until_the_phone_is_back()
    {
        string dataPath = Path.Combine(Path.GetTempPath(), "zapi-queue-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new StatusStore(dataPath);
            StatusRecord waiting = first.Add("i", "text", null, null, null, "waiting", null, queued: true);

            var reopened = new StatusStore(dataPath);
            Assert.True(Assert.Single(reopened.Statuses()).Queued);
            Assert.Equal(1, reopened.PublishQueued("i"));

            StatusRecord published = Assert.Single(new StatusStore(dataPath).Statuses());
            Assert.False(published.Queued);
            Assert.Equal(waiting.Id, published.Id);
            Assert.NotNull(published.PublishedAt);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
