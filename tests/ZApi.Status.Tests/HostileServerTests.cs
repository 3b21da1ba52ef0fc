using System.Net;
using System.Text;
using ZApi.Status.Client;
using ZApi.Status.Media;

namespace ZApi.Status.Tests;

/// <summary>The client against raw-socket servers and proxies that misbehave in ways a real HTTP server will not.</summary>
public sealed class HostileServerTests
{
    private const string RouteToken = "route-T0KEN-secret";
    private const string ClientToken = "client-T0KEN-secret";

    private readonly List<string> _log = new();

    private static ZApiConnection Connection(Uri baseUri, int timeoutSec = 100, Uri? proxy = null, NetworkCredential? proxyCredential = null) =>
        new("inst", SandboxServer.Secure(RouteToken), SandboxServer.Secure(ClientToken), baseUri, timeoutSec, proxy: proxy, proxyCredential: proxyCredential);

    private Task<QueuedStatus> Send(ZApiConnection connection, StatusPost? post = null, RetryPolicy? retry = null) =>
        new ZApiClient(connection).SendAsync(post ?? TextStatusPost.From("hello"), retry ?? RetryPolicy.None, line => { lock (_log) { _log.Add(line); } }, default);

    private string Everything(Exception ex) => ex.ToString() + "\n" + string.Join("\n", _log);

    [Fact]
    public async Task A_proxy_that_echoes_its_credentials_and_the_request_shows_none_of_them()
    {
        const string password = "pr0xy-S3CRET";
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("proxy-user:" + password));
        using var proxy = new RawHttpServer((head, stream, cancel) =>
        {
            string? authorization = head.Split("\r\n").FirstOrDefault(line => line.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase));
            return authorization == null
                ? RawHttpServer.Answer(407, "{}", "Proxy-Authenticate: Basic realm=\"test\"\r\n")(head, stream, cancel)
                : RawHttpServer.Answer(502, authorization + " password " + password + "\n" + head)(head, stream, cancel);
        });

        var connection = Connection(new Uri("http://zapi.example/"), proxy: proxy.BaseUri, proxyCredential: new NetworkCredential("proxy-user", password));
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(connection));

        Assert.Equal(ZApiErrorId.ZApiOutcomeUnknown, ex.ErrorId);
        Assert.Contains("Proxy-Authorization: Basic ***", ex.Message);
        foreach (string secret in new[] { password, basic, RouteToken, ClientToken })
        {
            Assert.DoesNotContain(secret, Everything(ex));
        }
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(500)]
    public async Task A_server_that_echoes_a_token_in_Base64_on_its_own_shows_neither_token_in_any_form(int status)
    {
        string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        string[] echoed = { Base64(RouteToken), Base64(ClientToken), Base64(RouteToken).TrimEnd('='), Base64(ClientToken).Replace('+', '-').Replace('/', '_').TrimEnd('=') };
        using var server = new RawHttpServer(RawHttpServer.Answer(status, "{\"error\":\"tokens " + string.Join(" ", echoed) + " refused\"}"));

        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(Connection(server.BaseUri)));

        Assert.Contains("refused", ex.Message);
        foreach (string form in echoed)
        {
            Assert.DoesNotContain(form, Everything(ex));
        }
    }

    [SkippableFact]
    public async Task A_connect_that_never_completes_is_retried_then_stops_the_batch_as_unreachable_with_nothing_posted()
    {
        using BlackHolePort? hole = BlackHolePort.Open();
        Skip.If(hole == null, "this platform queues every loopback connection");
        var connection = Connection(hole!.BaseUri, timeoutSec: 1);
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(connection, retry: new RetryPolicy(2, TimeSpan.Zero)));

        Assert.Equal(ZApiErrorId.ZApiUnreachable, ex.ErrorId);
        Assert.Contains("Nothing was posted", ex.Message);
        Assert.Contains("no connection within 1 s", ex.Message);
        Assert.Equal(2, _log.Count(line => line.Contains("could not connect")));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_an_unknown_outcome_after_the_silence_limit_and_is_not_retried()
    {
        using var server = new RawHttpServer((_, _, cancel) => Task.Delay(Timeout.Infinite, cancel));
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(Connection(server.BaseUri, timeoutSec: 1), retry: new RetryPolicy(3, TimeSpan.Zero)));

        Assert.Equal(ZApiErrorId.ZApiOutcomeUnknown, ex.ErrorId);
        Assert.Contains("within 1 s", ex.Message);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(200, "")]
    [InlineData(200, "not json at all")]
    [InlineData(200, "{\"value\":true}")]
    [InlineData(200, "{\"zaapId\":null,\"messageId\":null,\"id\":null}")]
    [InlineData(202, "{}")]
    public async Task A_2xx_answer_without_ids_is_an_unknown_outcome_never_nothing_posted(int status, string body)
    {
        using var server = new RawHttpServer(RawHttpServer.Answer(status, body));
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(Connection(server.BaseUri), retry: new RetryPolicy(3, TimeSpan.Zero)));

        Assert.Equal(ZApiErrorId.ZApiOutcomeUnknown, ex.ErrorId);
        Assert.DoesNotContain("Nothing was posted", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Z_APIs_not_allowed_refusal_is_an_authentication_failure()
    {
        using var server = new RawHttpServer(RawHttpServer.Answer(400, "{\"error\":\"Client-Token " + ClientToken + " not allowed\"}"));
        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(Connection(server.BaseUri)));

        Assert.Equal(ZApiErrorId.ZApiAuthenticationFailed, ex.ErrorId);
        Assert.DoesNotContain(ClientToken, Everything(ex));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(500)]
    public async Task A_64_MiB_answer_is_not_read_whole_and_only_its_start_is_shown(int status)
    {
        const long huge = 64L * 1024 * 1024;
        long written = 0;
        using var server = new RawHttpServer(async (_, stream, cancel) =>
        {
            byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: {huge}\r\n\r\n");
            await stream.WriteAsync(head, cancel);
            byte[] chunk = Encoding.ASCII.GetBytes(ClientToken + new string('z', 64 * 1024 - ClientToken.Length));
            while (Interlocked.Read(ref written) < huge)
            {
                await stream.WriteAsync(chunk, cancel);
                Interlocked.Add(ref written, chunk.Length);
            }
        });

        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(Connection(server.BaseUri)));

        Assert.Equal(status == 400 ? ZApiErrorId.ZApiRequestFailed : ZApiErrorId.ZApiOutcomeUnknown, ex.ErrorId);
        Assert.InRange(ex.Message.Length, 1, 800);
        Assert.DoesNotContain(ClientToken, Everything(ex));
        // The client stops reading at its cap and closes: the server cannot write the rest.
        for (int i = 0; i < 100 && Interlocked.Read(ref written) < huge; i++)
        {
            long before = Interlocked.Read(ref written);
            await Task.Delay(50);
            if (Interlocked.Read(ref written) == before)
            {
                break;
            }
        }

        Assert.True(Interlocked.Read(ref written) < huge / 2, $"the server wrote {Interlocked.Read(ref written):N0} bytes");
    }

    /// <summary>A source that gives its bytes slowly, as a slow uplink takes them: each pause is shorter than TimeoutSec, the whole is longer.</summary>
    private sealed class SlowStream(byte[] bytes, TimeSpan pause) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            Thread.Sleep(pause);
            return base.Read(buffer, offset, Math.Min(count, DataUriJsonContent.ChunkBytes));
        }
    }

    [Fact]
    public async Task TimeoutSec_limits_silence_so_an_upload_longer_than_it_that_keeps_moving_is_posted()
    {
        var sandbox = new SandboxServer();
        await sandbox.InitializeAsync();
        try
        {
            await PostSlowly(sandbox);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }
    }

    private async Task PostSlowly(SandboxServer sandbox)
    {
        byte[] image = TestImages.Png(8 * DataUriJsonContent.ChunkBytes);
        var post = new MediaStatusPost(MediaKind.Image, MediaSource.ForContent("slow.png", "image/png", image.Length, () => new SlowStream(image, TimeSpan.FromMilliseconds(400))), null);

        // Eight pauses of 0.4 s: about 3 s in all, over a TimeoutSec of 1 s, with bytes moving at every chunk.
        QueuedStatus queued = await Send(sandbox.Connection(timeoutSec: 1), post);

        Assert.NotNull(queued.MessageId);
        Assert.Equal(TestImages.Sha256(image), Assert.Single(await sandbox.StatusesAsync()).Sha256);
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_tunnel_fails_before_the_body_so_nothing_was_posted()
    {
        using var proxy = new RawHttpServer(RawHttpServer.Answer(403, "{}"));
        var connection = Connection(new Uri("https://zapi.example/"), proxy: proxy.BaseUri);

        var ex = await Assert.ThrowsAsync<ZApiException>(() => Send(connection));

        Assert.Equal(ZApiErrorId.ZApiRequestFailed, ex.ErrorId);
        Assert.Contains("Nothing was posted", ex.Message);
        Assert.Equal(1, proxy.Requests);
    }
}
