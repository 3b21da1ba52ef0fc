using System.Net;
using System.Text;
using ZApi.Status.Client;

namespace ZApi.Status.Tests;

public class SecretRedactorTests
{
    [Fact]
    public void Secrets_and_their_url_escaped_forms_are_masked()
    {
        var redactor = new SecretRedactor("t/ok+en", "Client");
        string text = redactor.Redact("GET /instances/i/token/t%2Fok%2Ben/status with t/ok+en and Client, Client-Token");
        Assert.Equal("GET /instances/i/token/***/status with *** and ***, ***-Token", text);
    }

    [Theory]
    [InlineData("route-T0KEN?>")]
    [InlineData("route-T0KEN?")]
    [InlineData("route-T0KEN")]
    public void A_secret_in_Base64_on_its_own_is_masked_padded_unpadded_and_URL_safe(string secret)
    {
        string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        string[] forms = { base64, base64.TrimEnd('='), base64.TrimEnd('=').Replace('+', '-').Replace('/', '_') };
        var redactor = new SecretRedactor(secret);

        foreach (string form in forms)
        {
            Assert.Equal("401: token *** is not valid", redactor.Redact($"401: token {form} is not valid"));
        }
    }

    [Fact]
    public void Empty_secrets_mask_nothing() => Assert.Equal("abc", new SecretRedactor("", null).Redact("abc"));

    [Fact]
    public void Exception_chains_are_copied_with_redacted_messages()
    {
        var redactor = new SecretRedactor("sekrit");
        var original = new HttpRequestException("outer sekrit", new IOException("inner sekrit"));
        Exception copy = redactor.RedactChain(original)!;
        Assert.DoesNotContain("sekrit", copy.ToString());
        Assert.Contains("System.IO.IOException", copy.ToString());
        Assert.IsType<RedactedException>(copy.InnerException);
    }

    private const string ProxyPassword = "pr0xy:p@ss-W0RD";
    private const string EnvironmentProxyPassword = "env-P@SS/w0rd";

    private static ZApiConnection ConnectionWithEveryKindOfSecret() =>
        new("inst", SandboxServer.Secure("route-T0KEN"), SandboxServer.Secure("client-T0KEN"),
            new Uri("http://base-user:" + Uri.EscapeDataString("base-P@SS") + "@127.0.0.1:9/"),
            proxy: new Uri("http://127.0.0.1:9/"), proxyCredential: new NetworkCredential("proxy-user", ProxyPassword));

    private static string? Environment(string name) =>
        name == "HTTPS_PROXY" ? "http://env-user:" + Uri.EscapeDataString(EnvironmentProxyPassword) + "@proxy.example:3128"
        : name == "http_proxy" ? "plain-user:plain-PASS@proxy.example:3128"
        : null;

    [Theory]
    [InlineData("route-T0KEN")]
    [InlineData("client-T0KEN")]
    [InlineData(ProxyPassword)]
    [InlineData("base-P@SS")]
    [InlineData(EnvironmentProxyPassword)]
    [InlineData("plain-PASS")]
    public void Every_credential_is_masked_as_written_url_escaped_and_as_a_basic_header(string secret)
    {
        SecretRedactor redactor = SecretRedactor.For(ConnectionWithEveryKindOfSecret(), Environment);
        string user = secret switch
        {
            ProxyPassword => "proxy-user",
            "base-P@SS" => "base-user",
            EnvironmentProxyPassword => "env-user",
            "plain-PASS" => "plain-user",
            _ => string.Empty,
        };
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + secret));
        string text = $"a {secret} b {Uri.EscapeDataString(secret)} c Proxy-Authorization: Basic {basic} d";

        string redacted = redactor.Redact(text);

        Assert.DoesNotContain(secret, redacted);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), redacted);
        if (user.Length > 0)
        {
            Assert.DoesNotContain(basic, redacted);
        }

        Assert.StartsWith("a *** b *** c Proxy-Authorization: Basic ", redacted);
    }

    [Fact]
    public void A_secret_echoed_at_the_cut_is_masked_before_the_text_is_shortened()
    {
        const string clientToken = "CLIENT-TOKEN-0123456789abcdef";
        var redactor = new SecretRedactor("route", clientToken);
        foreach (int offset in new[] { 180, 190, 195, 199, 200 })
        {
            string body = new string('x', offset) + clientToken + new string('y', 300);
            ZApiException ex = Client.ResponseClassifier.ToException(403, body, Client.ResponseClassifier.Parse(body), "i", redactor, mayHavePosted: true);
            Assert.DoesNotContain("CLIENT-TOK", ex.Message);
            Assert.DoesNotContain("0123456789abcdef", ex.Message);

            string json = "{\"error\":\"" + body + "\"}";
            ex = Client.ResponseClassifier.ToException(400, json, Client.ResponseClassifier.Parse(json), "i", redactor, mayHavePosted: true);
            Assert.DoesNotContain("CLIENT-TOK", ex.Message);
            Assert.True(ex.Message.Length < 600, "the server's text is shortened");
        }
    }
}
