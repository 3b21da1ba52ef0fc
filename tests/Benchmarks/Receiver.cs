using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// The loopback Z-API for the benchmark: it reads every body to the end and answers as Z-API does, and nothing more,
/// so the figures measure the client. (The sandbox decodes and stores each image: right for tests, a bottleneck here.)
/// With a <see cref="LinkOptions"/> it also answers over HTTPS behind a <see cref="LinkProxy"/>: the network users
/// post from. Its statistics always go over plain loopback HTTP, so the caller needs no certificate.
/// </summary>
internal static class Receiver
{
    private static long _requests;
    private static long _bytes;
    private static long _lastAnswerTicks;

    public static async Task RunAsync(LinkOptions? link = null)
    {
        using X509Certificate2? certificate = link == null ? null : BenchCertificates.CreateServerCertificate(link.AuthorityPemPath);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
            if (certificate != null)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            }
        });
        await using WebApplication app = builder.Build();

        app.MapPost("/instances/{instance}/token/{token}/{action}", async (HttpContext context) =>
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
            long length = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            ArrayPool<byte>.Shared.Return(buffer);
            long id = Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _bytes, length);
            Interlocked.Exchange(ref _lastAnswerTicks, DateTime.UtcNow.Ticks);
            return Results.Json(new { zaapId = "z" + id, messageId = "m" + id, id = "m" + id });
        });
        // The phone check Send-ZApi*Status makes before a pipeline's first post: connected, so the batch goes on.
        app.MapGet("/instances/{instance}/token/{token}/status", () => Results.Json(new { connected = true, error = (string?)null, smartphoneConnected = true }));
        LinkProxy? proxy = null;
        // lastAnswerAt: when the latest request was answered (UTC ticks), for a time to the first post measured from outside.
        app.MapGet("/_bench/stats", () => Results.Json(new
        {
            requests = Interlocked.Read(ref _requests),
            bytes = Interlocked.Read(ref _bytes),
            lastAnswerAt = Interlocked.Read(ref _lastAnswerTicks),
            link = proxy?.Stats(),
        }));
        app.MapDelete("/_bench/stats", () =>
        {
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _lastAnswerTicks, 0);
            proxy?.ResetStats();
            return Results.NoContent();
        });

        await app.StartAsync();
        Uri[] urls = app.Urls.Select(url => new Uri(url)).ToArray();
        Console.WriteLine("listening on " + urls.First(url => url.Scheme == Uri.UriSchemeHttp).GetLeftPart(UriPartial.Authority));
        if (link != null)
        {
            Uri https = urls.First(url => url.Scheme == Uri.UriSchemeHttps);
            proxy = new LinkProxy(new IPEndPoint(IPAddress.Loopback, https.Port), link.RoundTrip, link.BitsPerSecond);
            proxy.Start();
            Console.WriteLine("link on https://127.0.0.1:" + proxy.Port);
        }

        await using LinkProxy? stopped = proxy;
        // Runs until its parent closes stdin: a benchmark that dies never leaves a server behind.
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
    }
}
