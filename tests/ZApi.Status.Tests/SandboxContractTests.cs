using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ZApi.Sandbox;

namespace ZApi.Status.Tests;

/// <summary>ZApi.Sandbox answers as Z-API does: routes, refusals and the ids of a queued status.</summary>
public sealed class SandboxContractTests : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly SandboxServer _sandbox;

    public SandboxContractTests(SandboxServer sandbox) => _sandbox = sandbox;

    public Task InitializeAsync() => _sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Route(string action, string instance = SandboxServer.InstanceId, string token = SandboxServer.Token) =>
        SandboxServer.Route(action, instance, token);

    private Task<(HttpStatusCode Status, JsonElement Body)> Call(HttpMethod method, string route, string? json,
        string? clientToken = SandboxServer.ClientToken, string contentType = "application/json") =>
        _sandbox.CallAsync(method, route, json, clientToken, contentType);

    private static string ImageJson(byte[] image, string mime = "image/png") =>
        JsonSerializer.Serialize(new { image = $"data:{mime};base64,{Convert.ToBase64String(image)}", caption = "c" });

    [Fact]
    public async Task A_valid_image_is_stored_and_answered_with_fresh_ids()
    {
        byte[] image = TestImages.Png(500);
        var (status, body) = await Call(HttpMethod.Post, Route("send-image-status"), ImageJson(image));
        var (_, again) = await Call(HttpMethod.Post, Route("send-image-status"), ImageJson(image));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(body.GetProperty("messageId").GetString(), again.GetProperty("messageId").GetString());
        StatusRecord[] stored = await _sandbox.StatusesAsync();
        Assert.Equal(2, stored.Length);
        Assert.All(stored, s => Assert.Equal(TestImages.Sha256(image), s.Sha256));
        Assert.Equal(image, await _sandbox.Http.GetByteArrayAsync($"_sandbox/media/{stored[0].Id}"));
    }

    [Theory]
    [InlineData("send-text-status", """{"message":"hello"}""", "text")]
    [InlineData("send-video-status", """{"video":"https://example.org/v.mp4"}""", "video")]
    [InlineData("send-image-status", """{"image":"https://example.org/i.png"}""", "image")]
    public async Task Every_status_kind_is_accepted(string action, string json, string kind)
    {
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Post, Route(action), json)).Status);
        Assert.Equal(kind, Assert.Single(await _sandbox.StatusesAsync()).Kind);
    }

    [Fact]
    public async Task Other_methods_get_405() =>
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Call(HttpMethod.Get, Route("send-image-status"), null)).Status);

    [Fact]
    public async Task A_body_that_is_not_json_gets_415() =>
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Call(HttpMethod.Post, Route("send-image-status"), "image=x", contentType: "text/plain")).Status);

    [Fact]
    public async Task A_missing_client_token_gets_400()
    {
        var (status, body) = await Call(HttpMethod.Post, Route("send-image-status"), ImageJson(TestImages.Png(10)), clientToken: null);
        Assert.Equal((HttpStatusCode.BadRequest, "your client-token is not configured"), (status, body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_wrong_client_token_gets_403_that_echoes_it_as_the_real_service_does()
    {
        var (status, body) = await Call(HttpMethod.Post, Route("send-image-status"), ImageJson(TestImages.Png(10)), clientToken: "nope");
        Assert.Equal((HttpStatusCode.Forbidden, "Client-Token nope not allowed"), (status, body.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("unknown", SandboxServer.Token)]
    [InlineData(SandboxServer.InstanceId, "wrong")]
    public async Task Unknown_instances_and_tokens_get_400(string instance, string token) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await Call(HttpMethod.Post, Route("send-image-status", instance, token), ImageJson(TestImages.Png(10)))).Status);

    [Theory]
    [InlineData("""{"caption":"no image"}""")]
    [InlineData("""{"image":"ftp://example.org/a.png"}""")]
    [InlineData("""{"image":"data:image/png;base64,aGVsbG8="}""")]
    [InlineData("""{"image":"data:image/jpeg;base64,iVBORw0KGgoAAAA="}""")]
    [InlineData("""{"image":"data:image/png;base64,!!"}""")]
    [InlineData("not json")]
    public async Task Missing_or_invalid_images_get_400_and_store_nothing(string json)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Call(HttpMethod.Post, Route("send-image-status"), json)).Status);
        Assert.Empty(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task Throttling_sends_retry_after()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 1, RetryAfterSec = 7 });
        using var request = new HttpRequestMessage(HttpMethod.Post, Route("send-image-status")) { Content = JsonContent.Create(new { image = "https://example.org/a.png" }) };
        request.Headers.Add("Client-Token", SandboxServer.ClientToken);
        using HttpResponseMessage response = await _sandbox.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task The_gallery_shows_live_statuses_newest_first_and_hides_expired_ones()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var statuses = new[]
        {
            new StatusRecord("old", "z", "i", "image", "image/png", 1, null, "expired one", null, null, now.AddHours(-25)),
            new StatusRecord("first", "z", "i", "image", "image/png", 1, null, "first <b>", null, null, now.AddHours(-2).AddMinutes(-1)),
            new StatusRecord("second", "z", "i", "text", null, 0, null, null, "hello text", null, now.AddMinutes(-1)),
        };

        string html = GalleryPage.Render(statuses, now);

        Assert.DoesNotContain("expired one", html);
        Assert.True(html.IndexOf("hello text", StringComparison.Ordinal) < html.IndexOf("first &lt;b&gt;", StringComparison.Ordinal));
        Assert.Contains("21 h 59 min left", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "")); // no external assets
    }

    [Fact]
    public async Task Statuses_survive_a_restart_of_the_store()
    {
        await Call(HttpMethod.Post, Route("send-image-status"), ImageJson(TestImages.Png(64)));
        string dataPath = Path.Combine(Path.GetTempPath(), "zapi-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new StatusStore(dataPath);
            StatusRecord added = first.Add("i", "image", "image/png", TestImages.Png(64), "kept", null, null);
            var reopened = new StatusStore(dataPath);
            Assert.Equal(added, Assert.Single(reopened.Statuses()));
            Assert.Equal(TestImages.Png(64), File.ReadAllBytes(reopened.MediaFile(added.Id)));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
