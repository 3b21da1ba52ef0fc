using System.Text.Json;
using ZApi.Status.Media;

namespace ZApi.Status.Tests;

public class DataUriJsonContentTests
{
    private static async Task<(byte[] Body, long? Length)> Serialize(byte[] image, string? caption, string mime = "image/png")
    {
        using var content = new DataUriJsonContent("image", mime, image.Length, () => new MemoryStream(image),
            new[] { new KeyValuePair<string, string?>("caption", caption) });
        long? length = content.Headers.ContentLength;
        using var sink = new MemoryStream();
        await content.CopyToAsync(sink);
        return (sink.ToArray(), length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(DataUriJsonContent.ChunkBytes - 1)]
    [InlineData(DataUriJsonContent.ChunkBytes)]
    [InlineData(DataUriJsonContent.ChunkBytes + 1)]
    [InlineData(5 * 1024 * 1024 + 2)]
    public async Task Body_decodes_to_the_exact_image_bytes_and_matches_its_content_length(int size)
    {
        byte[] image = new byte[size];
        new Random(size).NextBytes(image);

        var (body, length) = await Serialize(image, caption: null);

        Assert.Equal(body.LongLength, length);
        using JsonDocument json = JsonDocument.Parse(body);
        string dataUri = json.RootElement.GetProperty("image").GetString()!;
        Assert.StartsWith("data:image/png;base64,", dataUri);
        Assert.Equal(image, Convert.FromBase64String(dataUri["data:image/png;base64,".Length..]));
        Assert.False(json.RootElement.TryGetProperty("caption", out _), "caption must be omitted when not given");
    }

    [Theory]
    [InlineData("Week 12")]
    [InlineData("quotes \" and \\ backslashes \\\" mixed")]
    [InlineData("line one\nline two\r\n\ttabbed \u0001\u001f control")]
    [InlineData("emoji 🎉👍🏽 and accents ção")]
    [InlineData("right-to-left: مرحبا بالعالم \u202e")]
    [InlineData("</script><b>html</b> & 'single'")]
    public async Task Caption_survives_every_character(string caption)
    {
        var (body, length) = await Serialize(TestImages.Png(100), caption);

        Assert.Equal(body.LongLength, length);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal(caption, json.RootElement.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task A_5000_character_caption_survives()
    {
        string caption = string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + (i % 26))));
        var (body, _) = await Serialize(TestImages.Png(10), caption);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal(caption, json.RootElement.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task An_image_that_shrinks_after_the_check_aborts_the_body()
    {
        byte[] image = TestImages.Png(1000);
        using var content = new DataUriJsonContent("image", "image/png", image.Length + 10, () => new MemoryStream(image), Array.Empty<KeyValuePair<string, string?>>());
        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => content.CopyToAsync(new MemoryStream()));
        Assert.Contains("changed on disk", (ex.InnerException ?? ex).Message);
    }

    [Fact]
    public async Task An_image_that_grows_after_the_check_aborts_the_body()
    {
        byte[] image = TestImages.Png(1000);
        using var content = new DataUriJsonContent("image", "image/png", image.Length - 10, () => new MemoryStream(image), Array.Empty<KeyValuePair<string, string?>>());
        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => content.CopyToAsync(new MemoryStream()));
        Assert.Contains("changed on disk", (ex.InnerException ?? ex).Message);
    }
}
