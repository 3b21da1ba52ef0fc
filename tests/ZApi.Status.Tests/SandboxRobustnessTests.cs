using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZApi.Sandbox;

namespace ZApi.Status.Tests;

/// <summary>
/// The sandbox survives what a test bench throws at it: a torn index line from a crash, faults out of any sane range,
/// and captions of tens of megabytes; each refused with an answer that names what is wrong.
/// </summary>
public sealed class SandboxRobustnessTests : IClassFixture<SandboxServer>, IAsyncLifetime
{
    /// <summary>The longest caption or text message the sandbox takes, as the README documents it.</summary>
    private const int MaximumTextLength = 65_536;

    private readonly SandboxServer _sandbox;

    public SandboxRobustnessTests(SandboxServer sandbox) => _sandbox = sandbox;

    public Task InitializeAsync() => _sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string TempDataPath() => Path.Combine(Path.GetTempPath(), "zapi-robust-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_torn_last_line_from_a_crash_is_skipped_with_a_warning_and_later_statuses_are_kept_intact()
    {
        string dataPath = TempDataPath();
        try
        {
            var first = new StatusStore(dataPath);
            StatusRecord kept = first.Add("i", "text", null, null, null, "kept", null);
            string index = Path.Combine(dataPath, "statuses.jsonl");
            string whole = JsonSerializer.Serialize(kept, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            File.AppendAllText(index, whole[..(whole.Length / 2)]); // the process died halfway through a line

            var logger = new ListLogger();
            var reopened = new StatusStore(dataPath, logger);
            StatusRecord later = reopened.Add("i", "text", null, null, null, "after the crash", null);
            var again = new StatusStore(dataPath, new ListLogger());

            Assert.Equal(new[] { kept.Id }, reopened.Statuses().Select(s => s.Id).Take(1));
            Assert.Equal(new[] { kept, later }, again.Statuses());
            var warning = Assert.Single(logger.Entries);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("line 2", warning.Message);
            Assert.Contains(index, warning.Message);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public void Damaged_lines_anywhere_are_each_named_and_skipped()
    {
        string dataPath = TempDataPath();
        try
        {
            var first = new StatusStore(dataPath);
            StatusRecord a = first.Add("i", "text", null, null, null, "a", null);
            StatusRecord b = first.Add("i", "text", null, null, null, "b", null);
            string index = Path.Combine(dataPath, "statuses.jsonl");
            string[] lines = File.ReadAllLines(index);
            File.WriteAllLines(index, new[] { lines[0], "{\"id\":", "null", "{\"kind\":\"text\"}", "[]", lines[1] });

            var logger = new ListLogger();
            var reopened = new StatusStore(dataPath, logger);

            Assert.Equal(new[] { a, b }, reopened.Statuses());
            Assert.Equal(new[] { "line 2", "line 3", "line 4", "line 5" },
                logger.Entries.Select(e => System.Text.RegularExpressions.Regex.Match(e.Message, @"line \d+").Value));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task A_status_whose_media_file_is_gone_answers_404_not_500()
    {
        var (_, answer) = await _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route("send-image-status"),
            JsonSerializer.Serialize(new { image = "data:image/png;base64," + Convert.ToBase64String(TestImages.Png(64)) }));
        string id = answer.GetProperty("messageId").GetString()!;
        File.Delete(Path.Combine(_sandbox.DataPath, "media", id));

        using HttpResponseMessage response = await _sandbox.Http.GetAsync($"_sandbox/media/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"delaySec":1e308}""", "delaySec", "0 to 3600")]
    [InlineData("""{"delaySec":-1}""", "delaySec", "0 to 3600")]
    [InlineData("""{"delaySec":"soon"}""", "delaySec", "0 to 3600")]
    [InlineData("""{"rateLimitCount":-1}""", "rateLimitCount", "0 to 1000000")]
    [InlineData("""{"rateLimitCount":1e9}""", "rateLimitCount", "0 to 1000000")]
    [InlineData("""{"serverErrorAfterStoreCount":-5}""", "serverErrorAfterStoreCount", "0 to 1000000")]
    [InlineData("""{"dropConnectionCount":-1}""", "dropConnectionCount", "0 to 1000000")]
    [InlineData("""{"retryAfterSec":-1}""", "retryAfterSec", "0 to 86400")]
    [InlineData("""{"retryAfterSec":99999999999}""", "retryAfterSec", "0 to 86400")]
    [InlineData("""{"phoneOffline":"yes"}""", "phoneOffline", "true or false")]
    [InlineData("""{"phoneOfline":true}""", "phoneOfline", "phoneOffline")]
    [InlineData("""{"delaySec":""", "JSON", "delaySec")]
    [InlineData("""null""", "JSON object", "delaySec")]
    public async Task A_fault_out_of_range_is_refused_with_400_naming_the_field_and_range_and_changes_nothing(string json, string field, string range)
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { RetryAfterSec = 4 });

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _sandbox.Http.PutAsync($"_sandbox/instances/{SandboxServer.InstanceId}/faults", content);
        string error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, error);
        Assert.Contains(range, error);
        SandboxFaults faults = (await _sandbox.Http.GetFromJsonAsync<SandboxFaults>($"_sandbox/instances/{SandboxServer.InstanceId}/faults"))!;
        Assert.Equal((4, 0.0, 0), (faults.RetryAfterSec!.Value, faults.DelaySec, faults.RateLimitCount));
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route("send-text-status"), """{"message":"still fine"}""")).Status);
    }

    [Fact]
    public async Task Faults_at_the_ends_of_their_ranges_are_taken()
    {
        var edge = new SandboxFaults { DelaySec = 0, RateLimitCount = 1_000_000, RetryAfterSec = 86_400, ServerErrorAfterStoreCount = 1_000_000, DropConnectionCount = 0 };

        await _sandbox.SetFaultsAsync(edge);

        SandboxFaults faults = (await _sandbox.Http.GetFromJsonAsync<SandboxFaults>($"_sandbox/instances/{SandboxServer.InstanceId}/faults"))!;
        Assert.Equal((1_000_000, 86_400), (faults.RateLimitCount, faults.RetryAfterSec!.Value));
    }

    [Theory]
    [InlineData("--Sandbox:Faults:DelaySec=1e308", "Sandbox:Faults:DelaySec")]
    [InlineData("--Sandbox:Instances:0:Faults:RateLimitCount=-2", "Sandbox:Instances:0:Faults:RateLimitCount")]
    public void A_fault_out_of_range_in_the_configuration_stops_the_start_naming_the_key(string argument, string key)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SandboxApp.Create(new[]
        {
            "--urls", "http://127.0.0.1:0", "--Sandbox:DataPath=" + TempDataPath(),
            "--Sandbox:Instances:0:InstanceId=second", "--Sandbox:Instances:0:Token=t", "--Sandbox:Instances:0:ClientToken=c", argument,
        }));

        Assert.Contains(key, ex.Message);
    }

    [Theory]
    [InlineData("send-image-status", "caption")]
    [InlineData("send-video-status", "caption")]
    [InlineData("send-text-status", "message")]
    public async Task A_caption_or_message_over_the_cap_is_refused_naming_the_field_and_the_cap(string action, string field)
    {
        string tooLong = new('x', MaximumTextLength + 1);
        object body = action switch
        {
            "send-image-status" => new { image = "https://example.org/a.png", caption = tooLong },
            "send-video-status" => new { video = "https://example.org/a.mp4", caption = tooLong },
            _ => new { message = tooLong },
        };

        var (status, answer) = await _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route(action), JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, answer.GetProperty("error").GetString());
        Assert.Contains("65,536", answer.GetProperty("error").GetString());
        Assert.Empty(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task A_caption_at_the_cap_is_stored_whole()
    {
        string longest = string.Concat(Enumerable.Repeat("🎉 é <b>&;", MaximumTextLength / 10)) + new string('.', MaximumTextLength % 10);
        Assert.Equal(MaximumTextLength, longest.Length);

        var (status, _) = await _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route("send-image-status"),
            JsonSerializer.Serialize(new { image = "https://example.org/a.png", caption = longest }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(longest, Assert.Single(await _sandbox.StatusesAsync()).Caption);
    }

    [Fact]
    public async Task A_40_MB_caption_is_refused_and_the_gallery_stays_small()
    {
        string huge = new('x', 40 * 1024 * 1024);

        var (status, _) = await _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route("send-image-status"),
            JsonSerializer.Serialize(new { image = "https://example.org/a.png", caption = huge }));
        string gallery = await _sandbox.Http.GetStringAsync("");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.InRange(gallery.Length, 1, 64 * 1024);
    }
}
