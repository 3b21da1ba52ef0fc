using ImageMagick;
using ZApi.Status.MediaModule.Cache;
using ZApi.Status.MediaModule.Images;

namespace ZApi.Status.MediaModule.Tests;

public sealed class ImagePreparerTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PreparedMedia Prepare(string path, ImageSettings? settings = null) =>
        new ImagePreparer(settings ?? new ImageSettings(), new ContentCache(_folder.Cache)).Prepare(path, CancellationToken.None);

    private MediaException Fails(string path, ImageSettings? settings = null) => Assert.Throws<MediaException>(() => Prepare(path, settings));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_EXIF_orientation_comes_out_upright_as_the_camera_saw_it(int orientation)
    {
        string source = Fixtures.SidewaysJpeg(_folder.Path, orientation);

        PreparedMedia prepared = Prepare(source);

        Assert.Equal(MediaConversion.Converted, prepared.Conversion);
        using var output = new MagickImage(prepared.OutputPath);
        Assert.Equal(MagickFormat.Jpeg, output.Format);
        Assert.Equal((96u, 64u), (output.Width, output.Height));
        Assert.True(output.Orientation is Orientation.Undefined or Orientation.TopLeft);
        MagickColor[] quadrants = Fixtures.QuadrantsOf(prepared.OutputPath);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Fixtures.Near(quadrants[i], Fixtures.QuadrantColours[i]), $"quadrant {i}: {quadrants[i]} is not {Fixtures.QuadrantColours[i]}");
        }
    }

    [Fact]
    public void The_GPS_position_and_all_other_metadata_are_gone()
    {
        string source = Fixtures.SidewaysJpeg(_folder.Path, 6);
        using (var original = new MagickImage(source))
        {
            Assert.NotNull(original.GetExifProfile()!.GetValue(ExifTag.GPSLatitude));
        }

        PreparedMedia prepared = Prepare(source);

        using var output = new MagickImage(prepared.OutputPath);
        Assert.Null(output.GetExifProfile());
        Assert.Empty(output.ProfileNames);
        Assert.DoesNotContain("GPS", File.ReadAllText(prepared.OutputPath, System.Text.Encoding.Latin1));
    }

    [Fact]
    public void KeepMetadata_keeps_the_EXIF_but_still_turns_the_pixels_upright()
    {
        string source = Fixtures.SidewaysJpeg(_folder.Path, 8);

        PreparedMedia prepared = Prepare(source, new ImageSettings { KeepMetadata = true });

        using var output = new MagickImage(prepared.OutputPath);
        Assert.NotNull(output.GetExifProfile()!.GetValue(ExifTag.GPSLatitude));
        Assert.True(output.Orientation is Orientation.Undefined or Orientation.TopLeft);
        Assert.True(Fixtures.Near(Fixtures.QuadrantsOf(prepared.OutputPath)[0], Fixtures.QuadrantColours[0]));
    }

    [Fact]
    public void A_small_upright_JPEG_without_metadata_is_passed_through_unchanged()
    {
        using MagickImage image = Fixtures.Upright();
        string source = Fixtures.Write(_folder.Path, "plain.jpg", image, MagickFormat.Jpeg);

        PreparedMedia prepared = Prepare(source);

        Assert.Equal(MediaConversion.Unchanged, prepared.Conversion);
        Assert.Equal(source, prepared.OutputPath);
        Assert.False(Directory.Exists(_folder.Cache) && Directory.EnumerateFiles(_folder.Cache).Any());
    }

    [Fact]
    public void A_transparent_PNG_stays_a_PNG_with_its_transparency_and_an_opaque_one_becomes_a_JPEG()
    {
        string transparent = Fixtures.TransparentPng(_folder.Path);
        using MagickImage upright = Fixtures.Upright();
        string opaque = Fixtures.Write(_folder.Path, "opaque.png", upright, MagickFormat.Png);

        PreparedMedia clear = Prepare(transparent);
        PreparedMedia solid = Prepare(opaque);

        Assert.EndsWith(".png", clear.OutputPath);
        using (var output = new MagickImage(clear.OutputPath))
        {
            Assert.Equal(MagickFormat.Png, output.Format);
            Assert.True(output.HasAlpha);
            using IPixelCollection<byte> pixels = output.GetPixels();
            Assert.Equal(0, pixels.GetPixel(5, 5).GetChannel(3));
            Assert.Equal(255, pixels.GetPixel(60, 5).GetChannel(3));
        }

        Assert.EndsWith(".jpg", solid.OutputPath);
        using (var output = new MagickImage(solid.OutputPath))
        {
            Assert.Equal(MagickFormat.Jpeg, output.Format);
        }
    }

    [Fact]
    public void A_small_animated_GIF_is_passed_through_and_a_large_one_becomes_its_first_frame()
    {
        string small = Fixtures.AnimatedGif(_folder.Path);
        string large = Fixtures.AnimatedGif(_folder.Path, frames: 4, size: 400, name: "large.gif", noisy: true);

        PreparedMedia kept = Prepare(small);
        PreparedMedia firstFrame = Prepare(large, new ImageSettings { MaximumBytes = new FileInfo(large).Length - 1 });

        Assert.Equal(MediaConversion.Unchanged, kept.Conversion);
        Assert.Equal(small, kept.OutputPath);
        Assert.Equal(MediaConversion.Converted, firstFrame.Conversion);
        using var collection = new MagickImageCollection(firstFrame.OutputPath);
        Assert.Single(collection);
        Assert.True(Fixtures.QuadrantsOf(firstFrame.OutputPath).All(c => c.R > 200 && c.G < 60), "the first frame is the red one");
    }

    [Fact]
    public void A_30_MB_PNG_shrinks_to_a_JPEG_within_the_limits()
    {
        string source = Fixtures.NoisePng(_folder.Path, 3200, 3200);
        Assert.True(new FileInfo(source).Length > 30_000_000, "the fixture is a 30 MB PNG");

        PreparedMedia prepared = Prepare(source);

        var output = new FileInfo(prepared.OutputPath);
        Assert.True(output.Length <= ImageSettings.DefaultMaximumBytes, $"{output.Length} bytes");
        using var image = new MagickImage(output.FullName);
        Assert.Equal(MagickFormat.Jpeg, image.Format);
        Assert.True(Math.Max(image.Width, image.Height) <= ImageSettings.DefaultMaximumDimension);
    }

    [Fact]
    public void MaximumBytes_lowers_the_quality_then_the_size_until_the_JPEG_fits()
    {
        string source = Fixtures.NoisePng(_folder.Path, 800, 800);

        PreparedMedia prepared = Prepare(source, new ImageSettings { MaximumBytes = 60_000 });

        Assert.InRange(new FileInfo(prepared.OutputPath).Length, 1, 60_000);
    }

    [Fact]
    public void MaximumDimension_bounds_the_longest_side_and_keeps_the_aspect_ratio()
    {
        using MagickImage image = Fixtures.Upright(1200, 800);
        string source = Fixtures.Write(_folder.Path, "wide.png", image, MagickFormat.Png);

        PreparedMedia prepared = Prepare(source, new ImageSettings { MaximumDimension = 600 });

        using var output = new MagickImage(prepared.OutputPath);
        Assert.Equal((600u, 400u), (output.Width, output.Height));
    }

    [SkippableFact]
    public void A_HEIC_from_an_iPhone_becomes_a_JPEG()
    {
        using MagickImage image = Fixtures.Upright(640, 480);
        string heic = Fixtures.Heic(_folder.Path, image) ?? Tools.Require("heif-enc");

        PreparedMedia prepared = Prepare(heic);

        Assert.Equal(MediaConversion.Converted, prepared.Conversion);
        using var output = new MagickImage(prepared.OutputPath);
        Assert.Equal(MagickFormat.Jpeg, output.Format);
        Assert.Equal((640u, 480u), (output.Width, output.Height));
        MagickColor[] quadrants = Fixtures.QuadrantsOf(prepared.OutputPath);
        Assert.True(Fixtures.Near(quadrants[0], Fixtures.QuadrantColours[0], 60), quadrants[0].ToString());
    }

    [Fact]
    public void AVIF_WebP_TIFF_and_BMP_are_read_too()
    {
        using MagickImage image = Fixtures.Upright();
        foreach (var (name, format) in new[] { ("a.avif", MagickFormat.Avif), ("a.webp", MagickFormat.WebP), ("a.tiff", MagickFormat.Tiff), ("a.bmp", MagickFormat.Bmp) })
        {
            string source = Fixtures.Write(_folder.Path, name, image, format);
            PreparedMedia prepared = Prepare(source);
            Assert.True(Fixtures.Near(Fixtures.QuadrantsOf(prepared.OutputPath)[3], Fixtures.QuadrantColours[3], 60), name);
        }
    }

    [Fact]
    public void The_same_bytes_and_settings_are_a_cache_hit_and_a_new_conversion_gives_the_same_bytes()
    {
        string source = Fixtures.SidewaysJpeg(_folder.Path, 6);
        string copy = _folder.File("copy-of-the-same-photo.jpg");
        File.Copy(source, copy);

        PreparedMedia first = Prepare(source);
        byte[] firstBytes = File.ReadAllBytes(first.OutputPath);
        PreparedMedia again = Prepare(copy);
        File.Delete(first.OutputPath);
        PreparedMedia rebuilt = Prepare(source);
        PreparedMedia otherSettings = Prepare(source, new ImageSettings { MaximumDimension = 64 });

        Assert.Equal(MediaConversion.Cached, again.Conversion);
        Assert.Equal(first.OutputPath, again.OutputPath);
        Assert.Equal(MediaConversion.Converted, rebuilt.Conversion);
        Assert.Equal(first.OutputPath, rebuilt.OutputPath);
        Assert.Equal(firstBytes, File.ReadAllBytes(rebuilt.OutputPath));
        Assert.NotEqual(first.OutputPath, otherSettings.OutputPath);
    }

    [Fact]
    public void A_transparent_PNG_converts_to_the_same_bytes_every_time()
    {
        string source = Fixtures.TransparentPng(_folder.Path);
        PreparedMedia first = Prepare(source);
        byte[] bytes = File.ReadAllBytes(first.OutputPath);
        File.Delete(first.OutputPath);
        Thread.Sleep(1100); // a time chunk would now differ

        PreparedMedia second = Prepare(source);

        Assert.Equal(bytes, File.ReadAllBytes(second.OutputPath));
    }

    [Fact]
    public void A_truncated_JPEG_is_MediaUnreadable()
    {
        using MagickImage image = Fixtures.Upright(800, 600);
        string whole = Fixtures.Write(_folder.Path, "whole.jpg", image, MagickFormat.Jpeg);
        byte[] bytes = File.ReadAllBytes(whole);
        string truncated = _folder.File("truncated.jpg");
        File.WriteAllBytes(truncated, bytes.Take(bytes.Length / 2).ToArray());

        MediaException failure = Fails(truncated);

        Assert.Equal(MediaErrorId.MediaUnreadable, failure.ErrorId);
        Assert.Contains(truncated, failure.Message);
        Assert.Contains("damaged JPEG", failure.Message);
    }

    [Fact]
    public void A_text_file_renamed_heic_is_UnsupportedMediaType_and_never_reaches_the_decoder()
    {
        string text = _folder.File("holiday.heic");
        File.WriteAllText(text, "this is not a photo\n");

        MediaException failure = Fails(text);

        Assert.Equal(MediaErrorId.UnsupportedMediaType, failure.ErrorId);
        Assert.Contains("text", failure.Message);
        Assert.Contains("HEIC", failure.Message);
    }

    [Fact]
    public void An_SVG_renamed_png_is_refused_by_content()
    {
        string svg = _folder.File("logo.png");
        File.WriteAllText(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image href=\"/etc/passwd\"/></svg>");

        Assert.Equal(MediaErrorId.UnsupportedMediaType, Fails(svg).ErrorId);
    }

    [Fact]
    public void The_policy_refuses_every_other_coder_even_when_asked_directly()
    {
        MagickRuntime.EnsureReady();
        byte[] svg = System.Text.Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");

        Assert.ThrowsAny<MagickPolicyErrorException>(() => new MagickImage(svg, new MagickReadSettings { Format = MagickFormat.Svg }));
        Assert.ThrowsAny<MagickPolicyErrorException>(() => new MagickImage(System.Text.Encoding.UTF8.GetBytes("hello"), new MagickReadSettings { Format = MagickFormat.Text }));
    }

    [Fact]
    public void A_decompression_bomb_is_MediaTooLarge_and_the_next_photo_still_converts()
    {
        string bomb = Fixtures.PngBomb(_folder.Path, 100_000, 100_000);
        Assert.True(new FileInfo(bomb).Length < 2_000, "a tiny file");
        string wide = Fixtures.PngBomb(_folder.Path, 29_000, 20_000);

        MediaException failure = Fails(bomb);
        MediaException tooManyPixels = Fails(wide);
        PreparedMedia next = Prepare(Fixtures.SidewaysJpeg(_folder.Path, 3));

        Assert.Equal(MediaErrorId.MediaTooLarge, failure.ErrorId);
        Assert.Contains("100000×100000", failure.Message);
        Assert.Contains("decompression bomb", failure.Message);
        Assert.Equal(MediaErrorId.MediaTooLarge, tooManyPixels.ErrorId);
        Assert.Contains("29000×20000", tooManyPixels.Message);
        Assert.Equal(MediaConversion.Converted, next.Conversion);
    }

    [Fact]
    public void Missing_empty_and_directory_inputs_have_their_ids()
    {
        string empty = _folder.File("empty.jpg");
        File.WriteAllBytes(empty, Array.Empty<byte>());

        Assert.Equal(MediaErrorId.ImageNotFound, Fails(_folder.File("nope.jpg")).ErrorId);
        Assert.Equal(MediaErrorId.ImageEmpty, Fails(empty).ErrorId);
        Assert.Equal(MediaErrorId.PathIsDirectory, Fails(_folder.Path).ErrorId);
    }

    [Fact]
    public void A_destination_that_cannot_be_written_is_DestinationUnwritable_and_stops_the_batch()
    {
        string notAFolder = _folder.File("a-file-not-a-folder");
        File.WriteAllText(notAFolder, "x");
        string source = Fixtures.SidewaysJpeg(_folder.Path, 6);

        MediaException failure = Assert.Throws<MediaException>(() =>
            new ImagePreparer(new ImageSettings(), new ContentCache(notAFolder)).Prepare(source, CancellationToken.None));

        Assert.Equal(MediaErrorId.DestinationUnwritable, failure.ErrorId);
        Assert.True(failure.StopsTheBatch);
        Assert.Contains("-Destination", failure.Message);
    }

    [Fact]
    public void A_video_given_as_a_photo_points_to_ConvertTo_ZApiStatusVideo()
    {
        string clip = _folder.File("clip.jpg");
        File.WriteAllBytes(clip, new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 0, 0 });

        MediaException failure = Fails(clip);

        Assert.Equal(MediaErrorId.UnsupportedMediaType, failure.ErrorId);
        Assert.Contains("ConvertTo-ZApiStatusVideo", failure.Message);
    }

    [Fact]
    public void A_cancelled_conversion_stops()
    {
        string source = Fixtures.SidewaysJpeg(_folder.Path, 6);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new ImagePreparer(new ImageSettings(), new ContentCache(_folder.Cache)).Prepare(source, cancelled.Token));
    }
}
