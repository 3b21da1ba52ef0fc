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
}
