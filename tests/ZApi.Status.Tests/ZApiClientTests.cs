using System.Net;
using System.Net.Sockets;
using ZApi.Sandbox;
using ZApi.Status.Client;
using ZApi.Status.Media;

namespace ZApi.Status.Tests;

/// <summary>The client against a real sandbox on loopback: what reaches the server, and what each fault becomes.</summary>
public sealed class ZApiClientTests : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private static readonly RetryPolicy FastRetry = new(3, TimeSpan.FromMilliseconds(10));

    private readonly SandboxServer _sandbox;
    private readonly List<string> _log = new();

    public ZApiClientTests(SandboxServer sandbox) => _sandbox = sandbox;

    public Task InitializeAsync() => _sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static MediaStatusPost Post(byte[] image, string? caption = "caption") =>
        new(MediaKind.Image, MediaSource.ForContent("test.png", "image/png", image.Length, () => new MemoryStream(image)), caption);

    private Task<QueuedStatus> Send(ZApiConnection connection, StatusPost post, RetryPolicy? retry = null, CancellationToken cancel = default) =>
        new ZApiClient(connection).SendAsync(post, retry ?? FastRetry, line => { lock (_log) { _log.Add(line); } }, cancel);

    [Theory]
    [InlineData(8)]
    [InlineData(100_000)]
    [InlineData(3 * 1024 * 1024 + 1)]
    public async Task The_server_receives_exactly_the_image_bytes(int size)
    {
        byte[] image = TestImages.Png(size);
        QueuedStatus result = await Send(_sandbox.Connection(), Post(image, "héllo \"world\" 🎉"));

        StatusRecord stored = Assert.Single(await _sandbox.StatusesAsync());
        Assert.Equal((TestImages.Sha256(image), (long)image.Length, "image/png", "héllo \"world\" 🎉"), (stored.Sha256, stored.ByteCount, stored.MimeType, stored.Caption));
        Assert.Equal(stored.Id, result.MessageId);
        Assert.Equal(stored.ZaapId, result.ZaapId);
    }

    [Fact]
    public async Task A_link_is_passed_as_is()
    {
        await Send(_sandbox.Connection(), new MediaStatusPost(MediaKind.Image, MediaSource.FromUri(MediaKind.Image, "https://example.org/banner.png"), null));
        StatusRecord stored = Assert.Single(await _sandbox.StatusesAsync());
        Assert.Equal(("https://example.org/banner.png", (string?)null), (stored.Link, stored.Caption));
    }

    [Fact]
    public async Task A_video_and_a_text_status_reach_the_server_as_sent()
    {
        byte[] video = TestImages.Video(200_001, "3gp5");
        await Send(_sandbox.Connection(), new MediaStatusPost(MediaKind.Video, MediaSource.ForContent("clip.3gp", "video/3gpp", video.Length, () => new MemoryStream(video)), "clip"));
        await Send(_sandbox.Connection(), TextStatusPost.From("line one\nline \"two\" \u202Eשלום 🎉"));

        StatusRecord[] stored = (await _sandbox.StatusesAsync()).OrderBy(s => s.Kind).ToArray();
        Assert.Equal(("text", "line one\nline \"two\" \u202Eשלום 🎉"), (stored[0].Kind, stored[0].Message));
        Assert.Equal(("video", "video/3gpp", TestImages.Sha256(video), "clip"), (stored[1].Kind, stored[1].MimeType, stored[1].Sha256, stored[1].Caption));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\r\n")]
    public void An_empty_text_status_is_refused_before_sending(string? message) =>
        Assert.Equal(ZApiErrorId.MessageEmpty, Assert.Throws<ZApiException>(() => TextStatusPost.From(message)).ErrorId);

    [Fact]
    public async Task Throttling_is_retried_until_it_passes()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 2, RetryAfterSec = 0 });
        await Send(_sandbox.Connection(), Post(TestImages.Png(10)));

        Assert.Equal(new[] { 429, 429, 200 }, (await _sandbox.RequestsAsync()).Select(r => r.StatusCode));
        Assert.Single(await _sandbox.StatusesAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retry_after_in_seconds_or_as_an_http_date_is_waited_for(bool asDate)
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 1, RetryAfterSec = 2, RetryAfterAsDate = asDate });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await Send(_sandbox.Connection(), Post(TestImages.Png(10)), new RetryPolicy(3, TimeSpan.FromMinutes(5)));

        // Retry-After, not the 5-minute interval, decides the wait; an HTTP date has whole-second resolution.
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(asDate ? 0.9 : 1.9), TimeSpan.FromSeconds(10));
        Assert.Contains(_log, line => line.Contains("HTTP 429 (throttled); retry 1 of 3"));
        Assert.Equal(new[] { 429, 200 }, (await _sandbox.RequestsAsync()).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Throttling_beyond_the_retries_is_ZApiRateLimited()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 10, RetryAfterSec = 0 });
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(), Post(TestImages.Png(10)), new RetryPolicy(2, TimeSpan.Zero)));

        Assert.Equal(ZApiErrorId.ZApiRateLimited, ex.ErrorId);
        Assert.Equal(3, (await _sandbox.RequestsAsync()).Length);
        Assert.Empty(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task No_retries_means_one_request()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 1, RetryAfterSec = 0 });
        await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(), Post(TestImages.Png(10)), RetryPolicy.None));
        Assert.Single(await _sandbox.RequestsAsync());
    }

    [Fact]
    public async Task A_500_after_storing_is_an_unknown_outcome_and_never_retried()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { ServerErrorAfterStoreCount = 1 });
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(), Post(TestImages.Png(10))));

        Assert.Equal(ZApiErrorId.ZApiOutcomeUnknown, ex.ErrorId);
        Assert.Contains("check the phone", ex.Message);
        Assert.Single(await _sandbox.RequestsAsync());
        Assert.Single(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task A_dropped_connection_after_storing_is_an_unknown_outcome_and_posts_once()
    {
        // Warm the pool first: a transparent retry on a reused connection is exactly what must not happen.
        await Send(_sandbox.Connection(), Post(TestImages.Png(10)));
        await _sandbox.SetFaultsAsync(new SandboxFaults { DropConnectionCount = 1 });

        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(), Post(TestImages.Png(20))));

        Assert.Equal(ZApiErrorId.ZApiOutcomeUnknown, ex.ErrorId);
        Assert.Equal(2, (await _sandbox.StatusesAsync()).Length);
    }

    [Fact]
    public async Task A_timeout_is_an_unknown_outcome()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { DelaySec = 3 });
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(timeoutSec: 1), Post(TestImages.Png(10))));
        Assert.Equal(ZApiErrorId.ZApiOutcomeUnknown, ex.ErrorId);
        Assert.Contains("within 1 s", ex.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_request_in_flight_at_once()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { DelaySec = 30 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send(_sandbox.Connection(), Post(TestImages.Png(10)), cancel: cancel.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_refused_connection_is_retried_with_each_wait_told_then_reported_as_unreachable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var closed = new ZApiConnection("i", SandboxServer.Secure("tok-SECRET"), SandboxServer.Secure("ct-SECRET"), new Uri($"http://127.0.0.1:{port}/"));
        var waits = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var client = new ZApiClient(closed) { RetryWaiting = waits.Enqueue };
        var ex = await Assert.ThrowsAsync<ZApiException>(() => client.SendAsync(Post(TestImages.Png(10)), new RetryPolicy(2, TimeSpan.Zero), _log.Add, default));

        Assert.Equal(ZApiErrorId.ZApiUnreachable, ex.ErrorId);
        Assert.StartsWith($"Cannot connect to 127.0.0.1:{port} (", ex.Message);
        Assert.Contains("after 3 attempts. Nothing was posted. Check the base URI (http://127.0.0.1:", ex.Message);
        Assert.Contains("sandbox", ex.Message);
        Assert.Equal(3, _log.Count(line => line.StartsWith("POST ")));
        Assert.Equal(new[] { 1, 2 }, waits.Select(line => line.Contains("(retry 1 of 2)") ? 1 : line.Contains("(retry 2 of 2)") ? 2 : 0));
        Assert.All(waits, line => Assert.StartsWith($"Cannot connect to 127.0.0.1:{port} (", line));
        Assert.All(waits, line => Assert.Contains("retrying in 0 s", line));
        Assert.DoesNotContain("SECRET", ex.ToString() + string.Concat(waits));

        // A status check posts nothing in any case, so it does not say so.
        var check = await Assert.ThrowsAsync<ZApiException>(() => new ZApiClient(closed).GetStatusAsync(RetryPolicy.None, null, default));
        Assert.Equal(ZApiErrorId.ZApiUnreachable, check.ErrorId);
        Assert.Contains("after 1 attempt.", check.Message);
        Assert.DoesNotContain("posted", check.Message);
    }

    [Theory]
    [InlineData(401, "{\"error\":\"Client-Token refused\"}")]
    [InlineData(400, "{\"error\":\"You are not connected.\"}")]
    [InlineData(429, "")]
    [InlineData(400, "{\"error\":\"something else\"}")]
    public void A_refused_status_check_never_says_nothing_was_posted(int statusCode, string body)
    {
        var redactor = new SecretRedactor("tok", "ct");
        ZApiException check = ResponseClassifier.ToException(statusCode, body, ResponseClassifier.Parse(body), "i", redactor, mayHavePosted: false);
        ZApiException send = ResponseClassifier.ToException(statusCode, body, ResponseClassifier.Parse(body), "i", redactor, mayHavePosted: true);

        Assert.DoesNotContain("posted", check.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Nothing was posted.", send.Message);
    }

    [Fact]
    public async Task Sending_started_is_told_only_once_a_body_goes_out()
    {
        int started = 0;
        var client = new ZApiClient(_sandbox.Connection()) { SendingStarted = () => Interlocked.Increment(ref started) };
        await client.SendAsync(Post(TestImages.Png(10)), RetryPolicy.None, null, default);
        Assert.Equal(1, started);

        await client.GetStatusAsync(RetryPolicy.None, null, default);
        Assert.Equal(1, started);
    }

    [Theory]
    [InlineData(null, "wrong-CLIENT", 403)]
    [InlineData(null, "wrong-CLIENT\r\n", 403)]
    [InlineData("wrong-ROUTE", null, 400)]
    public async Task Refused_credentials_fail_authentication_without_leaking_either_secret(string? token, string? clientToken, int statusCode)
    {
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(clientToken: clientToken, token: token), Post(TestImages.Png(10))));

        Assert.Equal(ZApiErrorId.ZApiAuthenticationFailed, ex.ErrorId);
        Assert.Equal(statusCode, ex.StatusCode);
        string everything = ex.ToString() + string.Join("\n", _log);
        foreach (string secret in new[] { SandboxServer.Token, SandboxServer.ClientToken, "wrong-CLIENT", "wrong-ROUTE" })
        {
            Assert.DoesNotContain(secret, everything);
        }

        Assert.Single(await _sandbox.RequestsAsync());
    }

    [Fact]
    public async Task A_disconnected_phone_is_reported_as_such()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { Disconnected = true });
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(), Post(TestImages.Png(10))));
        Assert.Equal(ZApiErrorId.ZApiInstanceNotConnected, ex.ErrorId);

        ZApiInstanceStatus status = await new ZApiClient(_sandbox.Connection()).GetStatusAsync(RetryPolicy.None, null, default);
        Assert.Equal((false, false, "You are not connected."), (status.Connected, status.SmartphoneConnected, status.Error));
    }

    [Fact]
    public async Task The_status_check_reports_a_connected_instance()
    {
        ZApiInstanceStatus status = await new ZApiClient(_sandbox.Connection()).GetStatusAsync(RetryPolicy.None, null, default);
        Assert.Equal((SandboxServer.InstanceId, true, true), (status.InstanceId, status.Connected, status.SmartphoneConnected));
    }

    [Fact]
    public async Task Verbose_lines_show_the_redacted_route_size_and_time()
    {
        await Send(_sandbox.Connection(), Post(TestImages.Png(10)));
        Assert.Contains(_log, line => line.StartsWith("POST ") && line.Contains("/token/***/send-image-status (") && line.EndsWith(" bytes)"));
        Assert.Contains(_log, line => line.StartsWith("HTTP 200 in "));
        Assert.DoesNotContain(_log, line => line.Contains(SandboxServer.Token));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_that_vanishes_or_shrinks_before_its_request_is_its_own_error_and_nothing_reaches_the_server(bool vanish)
    {
        string folder = Directory.CreateTempSubdirectory("zapi-client-").FullName;
        try
        {
            string path = Path.Combine(folder, "a.png");
            File.WriteAllBytes(path, TestImages.Png(200_000));
            var post = new MediaStatusPost(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, path, 1_000_000), null);
            if (vanish)
            {
                File.Delete(path);
            }
            else
            {
                File.WriteAllBytes(path, TestImages.Png(100_000));
            }

            var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(_sandbox.Connection(), post));

            Assert.Equal(ZApiErrorId.ImageUnreadable, ex.ErrorId);
            Assert.Contains("Nothing was posted", ex.Message);
            Assert.Empty(await _sandbox.StatusesAsync());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_becomes_unreadable_during_a_retry_wait_is_its_own_error_after_one_throttled_request()
    {
        string folder = Directory.CreateTempSubdirectory("zapi-client-").FullName;
        try
        {
            string path = Path.Combine(folder, "a.png");
            File.WriteAllBytes(path, TestImages.Png(1000));
            var post = new MediaStatusPost(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, path, 1_000_000), null);
            await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 1, RetryAfterSec = 0 });
            var retry = new RetryPolicy(1, TimeSpan.Zero);
            // The first request is throttled; the file goes away before the retry opens it again.
            var client = new ZApiClient(_sandbox.Connection());
            Task<QueuedStatus> sending = client.SendAsync(post, retry, line => { if (line.Contains("retry 1")) { File.Delete(path); } }, default);

            var ex = await Assert.ThrowsAsync<ZApiException>(() => sending);
            Assert.Equal(ZApiErrorId.ImageUnreadable, ex.ErrorId);
            Assert.Equal(new[] { 429 }, (await _sandbox.RequestsAsync()).Select(r => r.StatusCode));
            Assert.Empty(await _sandbox.StatusesAsync());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
