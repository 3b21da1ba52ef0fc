using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ZApi.Status.Client;
using ZApi.Status.Media;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// The wire limit of this machine: bodies built before the clock starts, then posted one after another with one
/// HttpClient. Nothing that posts the same bytes sequentially can be faster by much. Each loop runs the folder a given
/// number of times in one process and reports the best batch (the steady rate) and the first.
/// </summary>
internal static class WireLoop
{
    /// <summary>The module's engine without PowerShell: each body streamed from its file as Send-ZApiImageStatus does.</summary>
    public static async Task<string> RunEngineAsync(Uri baseUri, string folder, int batches)
    {
        string[] files = Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var connection = new ZApiConnection("bench", ZApiConnection.ToSecureString("bench-token"), ZApiConnection.ToSecureString("bench-client-token"), baseUri);
        var client = new ZApiClient(connection);
        var retry = new RetryPolicy(0, TimeSpan.Zero);
        Task Send(string file) => client.SendAsync(ImagePost(file), retry, null, default);

        await Send(files[0]); // warm-up, as the other cases do
        var times = new List<double>();
        for (int batch = 0; batch < batches; batch++)
        {
            var clock = Stopwatch.StartNew();
            foreach (string file in files)
            {
                await Send(file);
            }

            times.Add(clock.Elapsed.TotalSeconds);
        }

        return JsonSerializer.Serialize(new { seconds = times.Min(), first = times[0], batches = times, images = files.Length });
    }

    public static async Task<string> RunAsync(Uri baseUri, string folder, int batches)
    {
        string[] files = Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        // The very bytes the module sends (JsonSerializer's default escaping would make every '+' six bytes long).
        var bodies = new List<byte[]>();
        foreach (string file in files)
        {
            using HttpContent content = ImagePost(file).CreateContent(null);
            bodies.Add(await content.ReadAsByteArrayAsync());
        }

        long imageBytes = files.Sum(file => new FileInfo(file).Length);

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var route = new Uri(baseUri, "instances/bench/token/bench-token/send-image-status");
        await PostAsync(http, route, Encoding.UTF8.GetBytes("{\"image\":\"warm-up\"}"));

        var times = new List<double>();
        for (int batch = 0; batch < batches; batch++)
        {
            var clock = Stopwatch.StartNew();
            foreach (byte[] body in bodies)
            {
                await PostAsync(http, route, body);
            }

            times.Add(clock.Elapsed.TotalSeconds);
        }

        return JsonSerializer.Serialize(new { seconds = times.Min(), first = times[0], batches = times, images = files.Length, imageBytes });
    }

    private static MediaStatusPost ImagePost(string file) =>
        new(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, file, long.MaxValue), "bench");

    private static async Task PostAsync(HttpClient http, Uri route, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = content };
        request.Headers.Add("Client-Token", "bench-client-token");
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }
}
