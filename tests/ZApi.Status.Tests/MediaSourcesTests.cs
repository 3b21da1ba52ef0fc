using ZApi.Status.Images;

namespace ZApi.Status.Tests;

public sealed class MediaSourcesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zapi-sources-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private static ZApiErrorId Refusal(Action action) => Assert.Throws<ZApiException>(action).ErrorId;

    [Fact]
    public void A_png_file_is_sniffed_sized_and_readable()
    {
        byte[] bytes = TestImages.Png(1234);
        MediaSource source = MediaSources.FromFile(MediaKind.Image, File("a.jpg", bytes), 10_000);
        Assert.Equal(("image/png", 1234L), (source.MimeType, source.ByteCount!.Value));
        using var stream = source.OpenContent();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Contains("image/png, 1,234 bytes", source.Describe());
    }

    [Fact]
    public void Bad_files_get_the_design_error_ids()
    {
        Assert.Equal(ZApiErrorId.ImageNotFound, Refusal(() => MediaSources.FromFile(MediaKind.Image, Path.Combine(_folder, "missing.png"), 100)));
        Assert.Equal(ZApiErrorId.PathIsDirectory, Refusal(() => MediaSources.FromFile(MediaKind.Image, _folder, 100)));
        Assert.Equal(ZApiErrorId.ImageEmpty, Refusal(() => MediaSources.FromFile(MediaKind.Image, File("empty.png", Array.Empty<byte>()), 100)));
        Assert.Equal(ZApiErrorId.ImageTooLarge, Refusal(() => MediaSources.FromFile(MediaKind.Image, File("big.png", TestImages.Png(101)), 100)));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, Refusal(() => MediaSources.FromFile(MediaKind.Image, File("text.jpg", "hello"u8.ToArray()), 100)));
    }

    [Fact]
    public void A_heic_file_is_named_in_the_message()
    {
        var ex = Assert.Throws<ZApiException>(() => MediaSources.FromFile(MediaKind.Image, File("photo.jpg", new byte[] { 0, 0, 0, 0x18 }.Concat("ftypheic\0\0\0\0"u8.ToArray()).ToArray()), 100));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, ex.ErrorId);
        Assert.Contains("HEIC", ex.Message);
    }

    [Theory]
    [InlineData("https://example.org/a.png")]
    [InlineData("http://example.org/a.png?x=1")]
    public void Http_links_pass_as_they_are(string link) => Assert.Equal(link, MediaSources.FromUri(MediaKind.Image, link).Link);

    [Theory]
    [InlineData("ftp://example.org/a.png")]
    [InlineData("a.png")]
    [InlineData("/tmp/a.png")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_links_are_refused(string? link) => Assert.Equal(ZApiErrorId.InvalidImageUri, Refusal(() => MediaSources.FromUri(MediaKind.Image, link)));

    [Fact]
    public void Bare_base64_and_data_uris_are_decoded_and_sniffed()
    {
        byte[] bytes = TestImages.Png(50);
        string base64 = Convert.ToBase64String(bytes);
        Assert.Equal("image/png", MediaSources.FromBase64(MediaKind.Image, base64, 100).MimeType);
        // A wrong declared image type is corrected from the content: Z-API needs the real one.
        Assert.Equal("image/png", MediaSources.FromBase64(MediaKind.Image, "data:image/jpeg;base64," + base64, 100).MimeType);
    }

    [Fact]
    public void Bad_base64_gets_the_design_error_ids()
    {
        Assert.Equal(ZApiErrorId.InvalidBase64, Refusal(() => MediaSources.FromBase64(MediaKind.Image, "not base64!!", 100)));
        Assert.Equal(ZApiErrorId.InvalidBase64, Refusal(() => MediaSources.FromBase64(MediaKind.Image, "data:image/png,abc", 100)));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, Refusal(() => MediaSources.FromBase64(MediaKind.Image, "data:text/plain;base64," + Convert.ToBase64String(TestImages.Png(10)), 100)));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, Refusal(() => MediaSources.FromBase64(MediaKind.Image, Convert.ToBase64String("plain text"u8.ToArray()), 100)));
        Assert.Equal(ZApiErrorId.ImageTooLarge, Refusal(() => MediaSources.FromBase64(MediaKind.Image, Convert.ToBase64String(TestImages.Png(200)), 100)));
    }

    [Fact]
    public void Videos_get_their_own_type_and_size_ids_and_share_the_rest()
    {
        MediaSource mp4 = MediaSources.FromFile(MediaKind.Video, File("clip.mov", TestImages.Video(500)), 1000);
        Assert.Equal(("video/mp4", 500L), (mp4.MimeType, mp4.ByteCount!.Value));
        Assert.Equal("video/3gpp", MediaSources.FromBase64(MediaKind.Video, "data:video/3gpp;base64," + Convert.ToBase64String(TestImages.Video(40, "3gp4")), 100).MimeType);

        Assert.Equal(ZApiErrorId.VideoTooLarge, Refusal(() => MediaSources.FromFile(MediaKind.Video, File("big.mp4", TestImages.Video(1001)), 1000)));
        Assert.Equal(ZApiErrorId.UnsupportedVideoType, Refusal(() => MediaSources.FromFile(MediaKind.Video, File("still.mp4", TestImages.Png(100)), 1000)));
        Assert.Equal(ZApiErrorId.UnsupportedVideoType, Refusal(() => MediaSources.FromBase64(MediaKind.Video, "data:image/png;base64," + Convert.ToBase64String(TestImages.Video(40)), 100)));
        Assert.Equal(ZApiErrorId.ImageEmpty, Refusal(() => MediaSources.FromFile(MediaKind.Video, File("empty.mp4", Array.Empty<byte>()), 1000)));
        Assert.Equal(ZApiErrorId.InvalidImageUri, Refusal(() => MediaSources.FromUri(MediaKind.Video, "ftp://example.org/a.mp4")));
        Assert.Equal(10 * 1024 * 1024, MediaKind.Video.DefaultMaximumBytes);
    }

    [Fact]
    public void A_png_posted_as_video_is_named_and_pointed_to_the_image_cmdlet()
    {
        var ex = Assert.Throws<ZApiException>(() => MediaSources.FromFile(MediaKind.Video, File("still.mp4", TestImages.Png(100)), 1000));
        Assert.Contains("is a PNG image file", ex.Message);
        Assert.Contains("Send-ZApiImageStatus", ex.Message);
    }
}

public class ZApiConnectionTests
{
    [Fact]
    public void The_environment_describes_a_connection_only_when_complete()
    {
        var variables = new Dictionary<string, string?> { ["ZAPI_INSTANCE_ID"] = "i1", ["ZAPI_TOKEN"] = "t1" };
        Assert.Null(ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name)));

        variables["ZAPI_CLIENT_TOKEN"] = "c1";
        variables["ZAPI_BASE_URI"] = "http://127.0.0.1:5099";
        ZApiConnection connection = ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name))!;
        Assert.Equal(("i1", "Environment", "http://127.0.0.1:5099/"), (connection.InstanceId, connection.Source, connection.BaseUri.AbsoluteUri));

        variables["ZAPI_BASE_URI"] = "ftp://nope";
        Assert.Equal(ZApiErrorId.ZApiNotConfigured, Assert.Throws<ZApiException>(() => ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name))).ErrorId);
    }

    [Fact]
    public void ToString_and_the_route_shown_never_hold_the_token()
    {
        var connection = new ZApiConnection("inst", SandboxServer.Secure("tok-SECRET"), SandboxServer.Secure("ct-SECRET"), new Uri("https://api.z-api.io/base"));
        Assert.Equal("https://api.z-api.io/base/instances/inst/token/***/", connection.ToString());
        Assert.Equal("https://api.z-api.io/base/instances/inst/token/***/send-image-status", connection.RedactedRoute("send-image-status"));
        Assert.Contains("tok-SECRET", connection.Route("status").AbsoluteUri);
    }

    [Fact]
    public void The_callers_secure_strings_stay_writable()
    {
        var token = SandboxServer.Secure("t");
        _ = new ZApiConnection("i", token, SandboxServer.Secure("c"));
        token.AppendChar('x');
        Assert.Equal(2, token.Length);
    }
}

public sealed class DependencyResolverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zapi-deps-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Only_assemblies_shipped_in_the_folder_are_answered()
    {
        string shipped = Path.Combine(_folder, "System.Text.Json.dll");
        System.IO.File.WriteAllBytes(shipped, Array.Empty<byte>());
        var resolver = new DependencyResolver(_folder);

        Assert.Equal(shipped, resolver.PathFor(new System.Reflection.AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")));
        Assert.Equal(shipped, resolver.PathFor(new System.Reflection.AssemblyName("system.text.json")));
        Assert.Null(resolver.PathFor(new System.Reflection.AssemblyName("Newtonsoft.Json, Version=13.0.0.0")));
    }

    [Fact]
    public void A_missing_folder_answers_nothing() =>
        Assert.Null(new DependencyResolver(Path.Combine(_folder, "absent")).PathFor(new System.Reflection.AssemblyName("System.Text.Json")));
}
