using ZApi.Status.Media;

namespace ZApi.Status.Tests;

public sealed class MediaSourceTests : IDisposable
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
        MediaSource source = MediaSource.FromFile(MediaKind.Image, File("a.jpg", bytes), 10_000);
        Assert.Equal(("image/png", 1234L), (source.MimeType, source.ByteCount!.Value));
        using var stream = source.OpenContent();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Contains("image/png, 1,234 bytes", source.Describe());
    }

    [Fact]
    public void Bad_files_get_the_documented_error_ids()
    {
        Assert.Equal(ZApiErrorId.ImageNotFound, Refusal(() => MediaSource.FromFile(MediaKind.Image, Path.Combine(_folder, "missing.png"), 100)));
        Assert.Equal(ZApiErrorId.PathIsDirectory, Refusal(() => MediaSource.FromFile(MediaKind.Image, _folder, 100)));
        Assert.Equal(ZApiErrorId.ImageEmpty, Refusal(() => MediaSource.FromFile(MediaKind.Image, File("empty.png", Array.Empty<byte>()), 100)));
        Assert.Equal(ZApiErrorId.ImageTooLarge, Refusal(() => MediaSource.FromFile(MediaKind.Image, File("big.png", TestImages.Png(101)), 100)));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, Refusal(() => MediaSource.FromFile(MediaKind.Image, File("text.jpg", "hello"u8.ToArray()), 100)));
    }

    [Fact]
    public void A_heic_file_is_named_in_the_message()
    {
        var ex = Assert.Throws<ZApiException>(() => MediaSource.FromFile(MediaKind.Image, File("photo.jpg", new byte[] { 0, 0, 0, 0x18 }.Concat("ftypheic\0\0\0\0"u8.ToArray()).ToArray()), 100));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, ex.ErrorId);
        Assert.Contains("HEIC", ex.Message);
    }

    [Theory]
    [InlineData("https://example.org/a.png")]
    [InlineData("http://example.org/a.png?x=1")]
    public void Http_links_pass_as_they_are(string link) => Assert.Equal(link, MediaSource.FromUri(MediaKind.Image, link).Link);

    [Theory]
    [InlineData("ftp://example.org/a.png")]
    [InlineData("a.png")]
    [InlineData("/tmp/a.png")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_links_are_refused(string? link) => Assert.Equal(ZApiErrorId.InvalidImageUri, Refusal(() => MediaSource.FromUri(MediaKind.Image, link)));

    [Fact]
    public void Bare_base64_and_data_uris_are_decoded_and_sniffed()
    {
        byte[] bytes = TestImages.Png(50);
        string base64 = Convert.ToBase64String(bytes);
        Assert.Equal("image/png", MediaSource.FromBase64(MediaKind.Image, base64, 100).MimeType);
        // A wrong declared image type is corrected from the content: Z-API needs the real one.
        Assert.Equal("image/png", MediaSource.FromBase64(MediaKind.Image, "data:image/jpeg;base64," + base64, 100).MimeType);
    }

    [Fact]
    public void Bad_base64_gets_the_documented_error_ids()
    {
        Assert.Equal(ZApiErrorId.InvalidBase64, Refusal(() => MediaSource.FromBase64(MediaKind.Image, "not base64!!", 100)));
        Assert.Equal(ZApiErrorId.InvalidBase64, Refusal(() => MediaSource.FromBase64(MediaKind.Image, "data:image/png,abc", 100)));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, Refusal(() => MediaSource.FromBase64(MediaKind.Image, "data:text/plain;base64," + Convert.ToBase64String(TestImages.Png(10)), 100)));
        Assert.Equal(ZApiErrorId.UnsupportedImageType, Refusal(() => MediaSource.FromBase64(MediaKind.Image, Convert.ToBase64String("plain text"u8.ToArray()), 100)));
        Assert.Equal(ZApiErrorId.ImageTooLarge, Refusal(() => MediaSource.FromBase64(MediaKind.Image, Convert.ToBase64String(TestImages.Png(200)), 100)));
    }

    [Fact]
    public void Videos_get_ids_of_their_own_and_share_the_kind_neutral_ones()
    {
        MediaSource mp4 = MediaSource.FromFile(MediaKind.Video, File("clip.mov", TestImages.Video(500)), 1000);
        Assert.Equal(("video/mp4", 500L), (mp4.MimeType, mp4.ByteCount!.Value));
        Assert.Equal("video/3gpp", MediaSource.FromBase64(MediaKind.Video, "data:video/3gpp;base64," + Convert.ToBase64String(TestImages.Video(40, "3gp4")), 100).MimeType);

        Assert.Equal(ZApiErrorId.VideoTooLarge, Refusal(() => MediaSource.FromFile(MediaKind.Video, File("big.mp4", TestImages.Video(1001)), 1000)));
        Assert.Equal(ZApiErrorId.UnsupportedVideoType, Refusal(() => MediaSource.FromFile(MediaKind.Video, File("still.mp4", TestImages.Png(100)), 1000)));
        Assert.Equal(ZApiErrorId.UnsupportedVideoType, Refusal(() => MediaSource.FromBase64(MediaKind.Video, "data:image/png;base64," + Convert.ToBase64String(TestImages.Video(40)), 100)));
        Assert.Equal(ZApiErrorId.VideoEmpty, Refusal(() => MediaSource.FromFile(MediaKind.Video, File("empty.mp4", Array.Empty<byte>()), 1000)));
        Assert.Equal(ZApiErrorId.VideoNotFound, Refusal(() => MediaSource.FromFile(MediaKind.Video, Path.Combine(_folder, "absent.mp4"), 1000)));
        Assert.Equal(ZApiErrorId.InvalidVideoUri, Refusal(() => MediaSource.FromUri(MediaKind.Video, "ftp://example.org/a.mp4")));
        Assert.Equal(ZApiErrorId.PathIsDirectory, Refusal(() => MediaSource.FromFile(MediaKind.Video, _folder, 1000)));
        Assert.Equal(ZApiErrorId.InvalidBase64, Refusal(() => MediaSource.FromBase64(MediaKind.Video, "not base64!", 1000)));
        Assert.Equal(10 * 1024 * 1024, MediaKind.Video.DefaultMaximumBytes);
    }

    [Fact]
    public void A_png_posted_as_video_is_named_and_pointed_to_the_image_cmdlet()
    {
        var ex = Assert.Throws<ZApiException>(() => MediaSource.FromFile(MediaKind.Video, File("still.mp4", TestImages.Png(100)), 1000));
        Assert.Contains("is a PNG image.", ex.Message);
        Assert.Contains("Send-ZApiImageStatus", ex.Message);
    }

    [Fact]
    public void An_MP4_without_its_index_is_refused_as_unplayable_and_pointed_to_ConvertTo_ZApiStatusVideo()
    {
        byte[] ftypOnly = TestImages.Video(500).Take(24).Concat(new byte[476]).ToArray();

        var ex = Assert.Throws<ZApiException>(() => MediaSource.FromFile(MediaKind.Video, File("ftyp-only.mp4", ftypOnly), 1000));
        var inline = Assert.Throws<ZApiException>(() => MediaSource.FromBase64(MediaKind.Video, Convert.ToBase64String(ftypOnly), 1000));

        Assert.Equal(ZApiErrorId.UnsupportedVideoType, ex.ErrorId);
        Assert.StartsWith($"'{Path.Combine(_folder, "ftyp-only.mp4")}' is not a playable MP4 video: ", ex.Message);
        Assert.Contains("ConvertTo-ZApiStatusVideo", ex.Message);
        Assert.Equal(ZApiErrorId.UnsupportedVideoType, inline.ErrorId);
    }

    [Fact]
    public void Content_of_the_other_kind_is_named_with_its_article_and_pointed_to_its_command()
    {
        var video = Assert.Throws<ZApiException>(() => MediaSource.FromFile(MediaKind.Image, File("clip.jpg", TestImages.Video(500)), 1000));
        var avif = Assert.Throws<ZApiException>(() => MediaSource.FromFile(MediaKind.Image, File("photo.jpg", new byte[] { 0, 0, 0, 0x14 }.Concat("ftypavif\0\0\0\0mif1"u8.ToArray()).ToArray()), 1000));

        Assert.Contains("is an MP4 video. Post videos with Send-ZApiVideoStatus.", video.Message);
        Assert.Contains("is an AVIF image. WhatsApp does not take AVIF: convert it first with ConvertTo-ZApiStatusImage", avif.Message);
    }

    private string Link(string name, string target)
    {
        string path = Path.Combine(_folder, name);
        System.IO.File.CreateSymbolicLink(path, target);
        return path;
    }

    private string Fifo(string name)
    {
        string path = Path.Combine(_folder, name);
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { path })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    // Guards the run against the old behaviour (an open that waits for a writer forever); not a speed assertion.
    private static ZApiErrorId RefusalWithoutHanging(Func<MediaSource> validate)
    {
        Task<MediaSource> task = Task.Run(validate);
        Assert.True(Task.WaitAny(new Task[] { task }, TimeSpan.FromSeconds(60)) == 0, "validation is blocked");
        return Assert.IsType<ZApiException>(task.Exception?.InnerException).ErrorId;
    }

    [Fact]
    public void A_chain_of_links_is_followed_to_its_target_for_size_type_and_bytes()
    {
        byte[] bytes = TestImages.Png(5000);
        string target = File("real.png", bytes);
        string chain = Link("outer.png", Link("inner.png", target));

        MediaSource source = MediaSource.FromFile(MediaKind.Image, chain, 10_000);

        Assert.Equal(("image/png", 5000L, chain), (source.MimeType, source.ByteCount!.Value, source.Source));
        using var stream = source.OpenContent();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(ZApiErrorId.ImageTooLarge, Refusal(() => MediaSource.FromFile(MediaKind.Image, chain, 4999)));
    }

    [Fact]
    public void A_link_to_a_directory_or_to_nothing_is_refused_by_what_it_points_to()
    {
        Assert.Equal(ZApiErrorId.PathIsDirectory, Refusal(() => MediaSource.FromFile(MediaKind.Image, Link("folder.png", _folder), 100)));
        Assert.Equal(ZApiErrorId.ImageNotFound, Refusal(() => MediaSource.FromFile(MediaKind.Image, Link("dangling.png", Path.Combine(_folder, "gone.png")), 100)));
        Assert.Equal(ZApiErrorId.VideoNotFound, Refusal(() => MediaSource.FromFile(MediaKind.Video, Link("dangling.mp4", Path.Combine(_folder, "gone.mp4")), 100)));
    }

    [SkippableFact]
    public void A_fifo_or_a_link_to_one_is_refused_at_once_and_not_opened_for_a_writer()
    {
        Skip.If(OperatingSystem.IsWindows(), "FIFOs are a Unix file type");
        string fifo = Fifo("pipe.png");

        foreach (string path in new[] { fifo, Link("to-pipe.png", fifo) })
        {
            Assert.Equal(ZApiErrorId.ImageUnreadable, RefusalWithoutHanging(() => MediaSource.FromFile(MediaKind.Image, path, 100)));
        }

        Assert.Equal(ZApiErrorId.VideoUnreadable, RefusalWithoutHanging(() => MediaSource.FromFile(MediaKind.Video, fifo, 100)));
        var ex = Assert.Throws<ZApiException>(() => MediaSource.FromFile(MediaKind.Image, fifo, 100));
        Assert.Contains("not a regular file", ex.Message);
        Assert.Contains(fifo, ex.Message);
    }

    [SkippableFact]
    public void A_device_is_not_posted()
    {
        Skip.IfNot(System.IO.File.Exists("/dev/zero"), "no /dev/zero here");
        Assert.Equal(ZApiErrorId.ImageEmpty, Refusal(() => MediaSource.FromFile(MediaKind.Image, Link("zero.png", "/dev/zero"), 100)));
    }

    [Theory]
    [InlineData("vanished")]
    [InlineData("shrank")]
    [InlineData("grew")]
    [InlineData("replaced by a fifo")]
    public void A_file_that_changes_after_validation_fails_as_that_file_when_it_is_read_for_sending(string change)
    {
        string path = File("moving.png", TestImages.Png(3000));
        MediaSource source = MediaSource.FromFile(MediaKind.Image, path, 10_000);
        switch (change)
        {
            case "vanished": System.IO.File.Delete(path); break;
            case "shrank": System.IO.File.WriteAllBytes(path, TestImages.Png(2000)); break;
            case "grew": System.IO.File.WriteAllBytes(path, TestImages.Png(4000)); break;
            default: System.IO.File.Delete(path); Fifo("moving.png"); break;
        }

        Exception cause = Assert.ThrowsAny<Exception>(() => Task.Run(() => source.OpenContent().Dispose()).Wait(TimeSpan.FromSeconds(60)));
        ZApiException failure = source.ContentFailed(cause is AggregateException aggregate ? aggregate.InnerException! : cause);
        Assert.Equal(ZApiErrorId.ImageUnreadable, failure.ErrorId);
        Assert.Contains("Nothing was posted", failure.Message);
        Assert.Contains(path, failure.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(1001)]
    public void The_decoded_size_is_known_from_the_text_alone(int size)
    {
        byte[] bytes = TestImages.Png(size);
        string text = Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);
        Assert.Equal(bytes.Length, MediaSource.DecodedLength(text));
        Assert.Equal(bytes.Length, MediaSource.DecodedLength(" " + text.Replace("\r\n", "\n  ") + "\n"));
    }

    [Fact]
    public void Base64_over_the_limit_is_refused_from_its_length_before_it_is_decoded()
    {
        // Not Base64 at all past its start: only a check that never decodes can call it too large.
        string text = Convert.ToBase64String(TestImages.Png(300)) + new string('!', 4000);
        var ex = Assert.Throws<ZApiException>(() => MediaSource.FromBase64(MediaKind.Image, "data:image/png;base64," + new string('A', 4 * 1000), 100));
        Assert.Equal(ZApiErrorId.ImageTooLarge, ex.ErrorId);
        Assert.Contains("3,000 bytes", ex.Message);
        Assert.Equal(ZApiErrorId.ImageTooLarge, Refusal(() => MediaSource.FromBase64(MediaKind.Image, new string('A', 40_000) + "!!!!", 100)));
        Assert.Equal(ZApiErrorId.InvalidBase64, Refusal(() => MediaSource.FromBase64(MediaKind.Image, text, 100_000)));
    }

    [Fact]
    public void A_link_with_a_password_is_sent_as_given_and_shown_masked()
    {
        MediaSource source = MediaSource.FromUri(MediaKind.Image, "https://user:pa55-W0RD@example.org/a.png?x=1");
        Assert.Equal("https://user:pa55-W0RD@example.org/a.png?x=1", source.Link);
        Assert.Equal("https://***@example.org/a.png?x=1", source.Source);
        Assert.Equal("https://***@example.org/a.png?x=1", source.Describe());

        var ex = Assert.Throws<ZApiException>(() => MediaSource.FromUri(MediaKind.Image, "ftp://user:pa55-W0RD@example.org/a.png"));
        Assert.DoesNotContain("pa55-W0RD", ex.Message);
    }

    // A Fact, not a Theory: xUnit's serialised theory data would turn a lone surrogate into U+FFFD before the test saw it.
    [Fact]
    public void A_caption_or_message_with_a_lone_surrogate_is_refused()
    {
        foreach (string text in new[] { "a" + (char)0xD800 + "b", "ends in a high surrogate " + (char)0xD83C, (char)0xDF89 + " starts with a low one", "reversed " + (char)0xDF89 + (char)0xD83C + " pair" })
        {
            RefusesLoneSurrogate(text);
        }
    }

    private static void RefusesLoneSurrogate(string text)
    {
        Assert.Equal(ZApiErrorId.InvalidUnicodeText, Refusal(() => TextStatusPost.From(text)));
        MediaSource image = MediaSource.FromUri(MediaKind.Image, "https://example.org/a.png");
        var ex = Assert.Throws<ZApiException>(() => new MediaStatusPost(MediaKind.Image, image, text));
        Assert.Equal(ZApiErrorId.InvalidUnicodeText, ex.ErrorId);
        Assert.Contains("caption", ex.Message);
    }

    [Fact]
    public void Whole_surrogate_pairs_pass() =>
        Assert.Equal("🎉 ok 𝄞", new MediaStatusPost(MediaKind.Image, MediaSource.FromUri(MediaKind.Image, "https://example.org/a.png"), "🎉 ok 𝄞").Caption);
}
