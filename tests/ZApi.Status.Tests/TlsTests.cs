using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ZApi.Status.Client;
using ZApi.Status.Media;

namespace ZApi.Status.Tests;

/// <summary>A server whose certificate this machine does not trust: the request fails and nothing reaches it.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task An_untrusted_certificate_is_an_error_and_nothing_is_posted()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=untrusted.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12(
            request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)).Export(X509ContentType.Pfx), null);

        int reached = 0;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        await using WebApplication app = builder.Build();
        app.Run(context => { Interlocked.Increment(ref reached); return context.Response.WriteAsync("{\"messageId\":\"x\"}"); });
        await app.StartAsync();
        string address = app.Urls.Single();

        var connection = new ZApiConnection("i", SandboxServer.Secure("route-T0KEN"), SandboxServer.Secure("client-T0KEN"), new Uri(address));
        var post = new MediaStatusPost(MediaKind.Image, MediaSource.ForContent("a.png", "image/png", 8, () => new MemoryStream(TestImages.Png(8))), null);
        var ex = await Assert.ThrowsAsync<ZApiException>(() => new ZApiClient(connection).SendAsync(post, new RetryPolicy(3, TimeSpan.Zero), null, default));

        Assert.Equal(ZApiErrorId.ZApiRequestFailed, ex.ErrorId);
        Assert.Contains("TLS", ex.Message);
        Assert.Contains("Nothing was posted", ex.Message);
        Assert.DoesNotContain("route-T0KEN", ex.ToString());
        Assert.Equal(0, reached);
        await app.StopAsync();
    }
}
