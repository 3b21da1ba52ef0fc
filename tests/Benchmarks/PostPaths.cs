using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ZApi.Status.Client;
using ZApi.Status.Media;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// The path profile: posts the same folder of images in several ways, interleaved round by round, to a receiver of its
/// own in another process, and reports per image the wall time, this process's CPU time and the receiver's. Each way
/// differs from the next in one step of the module's path (client, content class, chunk size, file or memory), so
/// the differences say where the time goes.
/// </summary>
internal static class PostPaths
{
    public static async Task<string> RunAsync(string folder, int rounds, string[] only)
    {
        string[] files = Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        byte[][] images = files.Select(File.ReadAllBytes).ToArray();
        var bodies = new List<byte[]>();
        foreach (string file in files)
        {
            using HttpContent content = Post(file).CreateContent(null);
            bodies.Add(await content.ReadAsByteArrayAsync());
        }

        using Process receiver = StartReceiver(out Uri baseUri);
        try
        {
            var connection = new ZApiConnection("bench", ZApiConnection.ToSecureString("bench-token"), ZApiConnection.ToSecureString("bench-client-token"), baseUri);
            var client = new ZApiClient(connection);
            HttpClient http = HttpClientCache.For(connection);
            var route = new Uri(baseUri, "instances/bench/token/bench-token/send-image-status");
            var retry = new RetryPolicy(0, TimeSpan.Zero);

            var ways = new Dictionary<string, Func<int, Task>>
            {
                ["wire: prebuilt body, ByteArrayContent"] = i => SendAsync(http, route, new ByteArrayContent(bodies[i])),
                ["engine: ZApiClient.SendAsync, file"] = i => client.SendAsync(Post(files[i]), retry, null, default),
                ["module content, file, 96 KB chunks"] = i => SendAsync(http, route, Post(files[i]).CreateContent(null)),
                ["module content, memory, 96 KB chunks"] = i => SendAsync(http, route, new DataUriJsonContent("image", "image/png", images[i].Length, () => new MemoryStream(images[i], false), Caption)),
                ["copy, file, 96 KB chunks"] = i => SendAsync(http, route, Chunked(files[i], 96 * 1024, false)),
                ["copy, file, 384 KB chunks"] = i => SendAsync(http, route, Chunked(files[i], 384 * 1024, false)),
                ["copy, file, 1.5 MB chunks"] = i => SendAsync(http, route, Chunked(files[i], 1536 * 1024, false)),
                ["copy, file, 96 KB chunks, ReadAsync"] = i => SendAsync(http, route, Chunked(files[i], 96 * 1024, true)),
            };
            if (only.Length > 0)
            {
                ways = ways.Where(w => only.Any(o => w.Key.Contains(o, StringComparison.OrdinalIgnoreCase))).ToDictionary();
            }

            foreach (Func<int, Task> way in ways.Values)
            {
                await way(0); // warm-up: JIT, the connection
            }

            var samples = ways.Keys.ToDictionary(k => k, _ => new List<(double Wall, double Cpu, double ReceiverCpu)>());
            for (int round = 0; round < rounds; round++)
            {
                foreach ((string name, Func<int, Task> way) in ways)
                {
                    GC.Collect();
                    double cpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
                    double receiver0 = ProcessCpuMs(receiver.Id);
                    var clock = Stopwatch.StartNew();
                    for (int i = 0; i < files.Length; i++)
                    {
                        await way(i);
                    }

                    clock.Stop();
                    samples[name].Add((clock.Elapsed.TotalMilliseconds / files.Length,
                        (Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - cpu0) / files.Length,
                        (ProcessCpuMs(receiver.Id) - receiver0) / files.Length));
                }
            }

            var rows = samples.Select(s => new
            {
                way = s.Key,
                wallMs = Median(s.Value.Select(v => v.Wall)),
                minWallMs = s.Value.Min(v => v.Wall),
                cpuMs = Median(s.Value.Select(v => v.Cpu)),
                receiverCpuMs = Median(s.Value.Select(v => v.ReceiverCpu)),
            }).ToArray();
            foreach (var row in rows)
            {
                Console.Error.WriteLine($"{row.way,-42} wall {row.wallMs,7:F3} ms (min {row.minWallMs,7:F3})  client cpu {row.cpuMs,7:F3} ms  receiver cpu {row.receiverCpuMs,7:F3} ms");
            }

            return JsonSerializer.Serialize(new { images = files.Length, imageBytes = images[0].Length, rounds, rows });
        }
        finally
        {
            receiver.StandardInput.Close();
            if (!receiver.WaitForExit(10000))
            {
                receiver.Kill();
            }
        }
    }

    private static readonly KeyValuePair<string, string?>[] Caption = { new("caption", "bench") };

    private static MediaStatusPost Post(string file) => new(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, file, long.MaxValue), "bench");

    private static ChunkedDataUriContent Chunked(string file, int chunk, bool readAsync) =>
        new(() => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, readAsync ? FileOptions.Asynchronous | FileOptions.SequentialScan : FileOptions.SequentialScan),
            new FileInfo(file).Length, chunk, readAsync);

    private static async Task SendAsync(HttpClient http, Uri route, HttpContent content)
    {
        using (content)
        using (var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = content })
        {
            request.Headers.TryAddWithoutValidation("Client-Token", "bench-client-token");
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsStringAsync();
        }
    }

    private static Process StartReceiver(out Uri baseUri)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(PostPaths).Assembly.Location);
        info.ArgumentList.Add("receive");
        Process process = Process.Start(info)!;
        string line = process.StandardOutput.ReadLine() ?? string.Empty;
        baseUri = new Uri(line["listening on ".Length..]);
        return process;
    }

    /// <summary>Another process's CPU time, from /proc (clock ticks of 10 ms); 0 where there is no /proc.</summary>
    private static double ProcessCpuMs(int pid)
    {
        string path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return 0;
        }

        string[] fields = File.ReadAllText(path).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
