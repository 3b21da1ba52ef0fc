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
}
