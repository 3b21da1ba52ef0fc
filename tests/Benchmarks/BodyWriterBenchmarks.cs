using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ZApi.Status.Media;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// The request body for one image: the module's streaming writer against what a script does,
/// Convert.ToBase64String into a string, then the JSON as a string, then its UTF-8 bytes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BodyWriterBenchmarks
{
    private static readonly KeyValuePair<string, string?>[] Caption = { new("caption", "Week 12") };

    private byte[] _image = Array.Empty<byte>();

    [Params(100_000, 2_000_000)]
    public int ImageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = new byte[ImageBytes];
        new Random(ImageBytes).NextBytes(_image);
    }

    [Benchmark(Baseline = true)]
    public void ScriptStyleStrings()
    {
        string json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["image"] = "data:image/png;base64," + Convert.ToBase64String(_image),
            ["caption"] = "Week 12",
        });
        byte[] body = Encoding.UTF8.GetBytes(json);
        Stream.Null.Write(body, 0, body.Length);
    }

    [Benchmark]
    public async Task StreamingDataUriContent()
    {
        using var content = new DataUriJsonContent("image", "image/png", _image.Length, () => new MemoryStream(_image, writable: false), Caption);
        await content.CopyToAsync(Stream.Null);
    }
}
