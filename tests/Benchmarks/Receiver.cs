using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// The loopback Z-API for the benchmark: it reads every body to the end and answers as Z-API does, and nothing more,
/// so the figures measure the client. (The sandbox decodes and stores each image: right for tests, a bottleneck here.)
/// </summary>
internal static class Receiver
{
    private static long _requests;
    private static long _bytes;

    public static async Task RunAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
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
            return Results.Json(new { zaapId = "z" + id, messageId = "m" + id, id = "m" + id });
        });
        app.MapGet("/_bench/stats", () => Results.Json(new { requests = Interlocked.Read(ref _requests), bytes = Interlocked.Read(ref _bytes) }));
        app.MapDelete("/_bench/stats", () =>
        {
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _bytes, 0);
            return Results.NoContent();
        });

        await app.StartAsync();
        Console.WriteLine("listening on " + app.Urls.Single());
        // Runs until its parent closes stdin: a benchmark that dies never leaves a server behind.
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
    }
}
