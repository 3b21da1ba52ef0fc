using ImageMagick;
using ZApi.Status.MediaModule.Cache;
using ZApi.Status.MediaModule.Images;

namespace ZApi.Status.MediaModule.Tests;

/// <summary>
/// A JPEG is passed on unchanged only when what a status shows is all it holds: one image, nothing after its end,
/// and colours that mean the same with or without its profile.
/// </summary>
public sealed class JpegPassThroughTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PreparedMedia Prepare(string path, ImageSettings? settings = null) =>
        new ImagePreparer(settings ?? new ImageSettings(), new ContentCache(_folder.Cache)).Prepare(path, CancellationToken.None);

    /// <summary>A small upright JPEG without metadata: by itself, it passes unchanged.</summary>
    private byte[] PlainJpeg()
    {
        using MagickImage image = Fixtures.Upright();
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    /// <summary>Another photo, with the GPS position of a home in its EXIF.</summary>
    private byte[] PhotoWithGps() => File.ReadAllBytes(Fixtures.SidewaysJpeg(_folder.Path, 1));

    private string Write(string name, byte[] bytes)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }

    private static void AssertOneImageWithoutTheAppendedOne(PreparedMedia prepared, byte[] appended)
    {
        Assert.Equal(MediaConversion.Converted, prepared.Conversion);
        byte[] output = File.ReadAllBytes(prepared.OutputPath);
        Assert.Equal(-1, IndexOf(output, appended.AsSpan(2, 64).ToArray()));
        Assert.Equal(-1, IndexOf(output.AsSpan(3).ToArray(), new byte[] { 0xFF, 0xD8, 0xFF }));
        using var image = new MagickImage(prepared.OutputPath);
        Assert.Null(image.GetExifProfile());
    }

    [Fact]
    public void A_plain_small_JPEG_still_passes_unchanged()
    {
        string source = Write("plain.jpg", PlainJpeg());

        Assert.Equal(MediaConversion.Unchanged, Prepare(source).Conversion);
    }

    [Fact]
    public void A_second_image_appended_after_the_end_of_image_marker_is_converted_away_with_its_GPS()
    {
        byte[] appended = PhotoWithGps();
        string source = Write("concatenated.jpg", PlainJpeg().Concat(appended).ToArray());

        AssertOneImageWithoutTheAppendedOne(Prepare(source), appended);
    }

    [Fact]
    public void A_multi_picture_JPEG_with_an_MPF_segment_is_converted_to_its_first_image_alone()
    {
        byte[] plain = PlainJpeg();
        byte[] secondary = PhotoWithGps();
        // APP2 "MPF\0" with a little-endian TIFF header: the segment that announces the secondary image after the first.
        byte[] mpf = "MPF\0II*\0\x08\0\0\0\0\0"u8.ToArray();
        byte[] segment = new byte[] { 0xFF, 0xE2, 0, (byte)(mpf.Length + 2) }.Concat(mpf).ToArray();
        string source = Write("multi-picture.jpg", plain.Take(2).Concat(segment).Concat(plain.Skip(2)).Concat(secondary).ToArray());

        AssertOneImageWithoutTheAppendedOne(Prepare(source), secondary);
    }

    [Fact]
    public void An_MPF_segment_alone_is_enough_to_convert()
    {
        byte[] plain = PlainJpeg();
        byte[] mpf = "MPF\0II*\0\x08\0\0\0\0\0"u8.ToArray();
        byte[] segment = new byte[] { 0xFF, 0xE2, 0, (byte)(mpf.Length + 2) }.Concat(mpf).ToArray();
        string source = Write("mpf-only.jpg", plain.Take(2).Concat(segment).Concat(plain.Skip(2)).ToArray());

        Assert.Equal(MediaConversion.Converted, Prepare(source).Conversion);
    }

    public static TheoryData<string> WideGamutProfiles => new() { "Adobe RGB (1998)", "Display P3" };

    [Theory]
    [MemberData(nameof(WideGamutProfiles))]
    public void A_JPEG_whose_only_profile_is_wide_gamut_is_converted_to_sRGB(string profileName)
    {
        IColorProfile profile = profileName == "Display P3" ? Fixtures.DisplayP3() : ColorProfiles.AdobeRGB1998;
        using MagickImage image = Fixtures.Solid(200, 100, 50);
        image.SetProfile(profile);
        string source = Fixtures.Write(_folder.Path, "wide-gamut.jpg", image, MagickFormat.Jpeg);
        using var expected = new MagickImage(source);
        expected.TransformColorSpace(ColorProfiles.SRGB);
        IMagickColor<byte> sRgb = expected.GetPixels().GetPixel(8, 8).ToColor()!;
        Assert.True(Math.Abs(sRgb.R - 200) > 8 || Math.Abs(sRgb.G - 100) > 8 || Math.Abs(sRgb.B - 50) > 8, $"{profileName} must change the colour: {sRgb}");

        PreparedMedia prepared = Prepare(source);

        Assert.Equal(MediaConversion.Converted, prepared.Conversion);
        using var output = new MagickImage(prepared.OutputPath);
        Assert.Null(output.GetColorProfile());
        IMagickColor<byte> shown = output.GetPixels().GetPixel(8, 8).ToColor()!;
        Assert.True(Fixtures.Near(shown, sRgb, 6), $"{shown} is not the sRGB {sRgb}");
    }

    [Fact]
    public void A_JPEG_with_an_sRGB_profile_still_passes_unchanged()
    {
        using MagickImage image = Fixtures.Solid(200, 100, 50);
        image.SetProfile(ColorProfiles.SRGB);
        string source = Fixtures.Write(_folder.Path, "srgb.jpg", image, MagickFormat.Jpeg);

        Assert.Equal(MediaConversion.Unchanged, Prepare(source).Conversion);
    }
}
