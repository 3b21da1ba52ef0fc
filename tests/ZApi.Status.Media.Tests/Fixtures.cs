using System.Diagnostics;
using System.IO.Compression;
using ImageMagick;
using ZApi.Status.MediaModule.Images;

namespace ZApi.Status.MediaModule.Tests;

/// <summary>
/// Test images made by the test run: Magick.NET for what it can write, Debian's heif-enc for HEIC, ffmpeg for clips,
/// hand-written bytes for the hostile files. Each file goes into a folder of its own that the test deletes.
/// </summary>
internal static class Fixtures
{
    /// <summary>The colours of the four quadrants of <see cref="Upright"/>: top left, top right, bottom left, bottom right.</summary>
    public static readonly MagickColor[] QuadrantColours;

    /// <summary>The module's runtime set-up (policy, limits) must come before the first use of Magick.NET, a colour included.</summary>
    static Fixtures()
    {
        MagickRuntime.EnsureReady();
        QuadrantColours = new[] { new MagickColor(255, 0, 0), new MagickColor(0, 255, 0), new MagickColor(0, 0, 255), new MagickColor(255, 255, 0) };
    }

    /// <summary>A landscape image whose four quadrants have distinct colours, so any rotation or mirror shows.</summary>
    public static MagickImage Upright(uint width = 96, uint height = 64)
    {
        var pixels = new byte[width * height * 3];
        for (uint y = 0; y < height; y++)
        {
            for (uint x = 0; x < width; x++)
            {
                MagickColor colour = QuadrantColours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)];
                long i = (y * width + x) * 3;
                pixels[i] = (byte)colour.R;
                pixels[i + 1] = (byte)colour.G;
                pixels[i + 2] = (byte)colour.B;
            }
        }

        var image = new MagickImage();
        image.ReadPixels(pixels, new PixelReadSettings(width, height, StorageType.Char, PixelMapping.RGB));
        return image;
    }

    /// <summary>
    /// A JPEG that shows <see cref="Upright"/> only once its EXIF orientation is applied: the pixels are stored the
    /// way a camera held at that angle stores them. Carries GPS tags of a home, as phone photos do.
    /// </summary>
    public static string SidewaysJpeg(string folder, int orientation, bool withGps = true)
    {
        using MagickImage image = Upright();
        switch (orientation)
        {
            case 2: image.Flop(); break;
            case 3: image.Rotate(180); break;
            case 4: image.Flip(); break;
            case 5: image.Transpose(); break;
            case 6: image.Rotate(270); break;
            case 7: image.Transverse(); break;
            case 8: image.Rotate(90); break;
        }

        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)orientation);
        if (withGps)
        {
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            exif.SetValue(ExifTag.GPSLatitude, new[] { new Rational(48, 1), new Rational(51, 1), new Rational(2436, 100) });
            exif.SetValue(ExifTag.GPSLongitudeRef, "E");
            exif.SetValue(ExifTag.GPSLongitude, new[] { new Rational(2, 1), new Rational(17, 1), new Rational(4020, 100) });
        }

        image.SetProfile(exif);
        image.Orientation = (Orientation)orientation;
        image.Quality = 95;
        string path = Path.Combine(folder, $"orientation-{orientation}.jpg");
        image.Write(path, MagickFormat.Jpeg);
        return path;
    }

    /// <summary>The colour at the centre of each quadrant.</summary>
    public static MagickColor[] QuadrantsOf(string path)
    {
        using var image = new MagickImage(path);
        using IPixelCollection<byte> pixels = image.GetPixels();
        uint w = image.Width, h = image.Height;
        return new[] { (w / 4, h / 4), (3 * w / 4, h / 4), (w / 4, 3 * h / 4), (3 * w / 4, 3 * h / 4) }
            .Select(p => (MagickColor)pixels.GetPixel((int)p.Item1, (int)p.Item2).ToColor()!)
            .ToArray();
    }

    /// <summary>An image of one colour.</summary>
    public static MagickImage Solid(byte red, byte green, byte blue, uint width = 32, uint height = 32)
    {
        var pixels = new byte[width * height * 3];
        for (long i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = red;
            pixels[i + 1] = green;
            pixels[i + 2] = blue;
        }

        var image = new MagickImage();
        image.ReadPixels(pixels, new PixelReadSettings(width, height, StorageType.Char, PixelMapping.RGB));
        return image;
    }

    /// <summary>
    /// Display P3, the profile of iPhone photos: sRGB's tone curve with wider primaries. Made from Magick.NET's sRGB
    /// profile with the P3 colorants (D50-adapted, as ICC stores them) written in, and its profile id cleared.
    /// </summary>
    public static IColorProfile DisplayP3()
    {
        byte[] profile = ColorProfiles.SRGB.ToByteArray();
        var colorants = new Dictionary<string, double[]>
        {
            ["rXYZ"] = new[] { 0.5151, 0.2412, -0.0011 },
            ["gXYZ"] = new[] { 0.2919, 0.6922, 0.0419 },
            ["bXYZ"] = new[] { 0.1571, 0.0666, 0.7841 },
        };
        int count = (profile[128] << 24) | (profile[129] << 16) | (profile[130] << 8) | profile[131];
        for (int tag = 0; tag < count; tag++)
        {
            int entry = 132 + (12 * tag);
            string signature = System.Text.Encoding.ASCII.GetString(profile, entry, 4);
            int offset = (profile[entry + 4] << 24) | (profile[entry + 5] << 16) | (profile[entry + 6] << 8) | profile[entry + 7];
            if (colorants.TryGetValue(signature, out double[]? xyz))
            {
                for (int i = 0; i < 3; i++)
                {
                    WriteBigEndian(profile, offset + 8 + (4 * i), unchecked((uint)(int)Math.Round(xyz[i] * 65536)));
                }
            }
        }

        Array.Clear(profile, 84, 16);
        return new ColorProfile(profile);
    }

    public static bool Near(IMagickColor<byte> a, IMagickColor<byte> b, int tolerance = 40) =>
        Math.Abs(a.R - b.R) <= tolerance && Math.Abs(a.G - b.G) <= tolerance && Math.Abs(a.B - b.B) <= tolerance;

    public static string Write(string folder, string name, MagickImage image, MagickFormat format)
    {
        string path = Path.Combine(folder, name);
        image.Write(path, format);
        return path;
    }

    /// <summary>A half-transparent PNG: a circle on a clear background.</summary>
    public static string TransparentPng(string folder)
    {
        using MagickImage image = Upright(64, 64);
        image.Alpha(AlphaAction.Set);
        using IPixelCollection<byte> pixels = image.GetPixels();
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                IPixel<byte> pixel = pixels.GetPixel(x, y);
                pixel.SetChannel(3, 0);
            }
        }

        return Write(folder, "transparent.png", image, MagickFormat.Png);
    }

    /// <summary>An animated GIF of <paramref name="frames"/> frames, red first, each the size given.</summary>
    public static string AnimatedGif(string folder, int frames = 3, uint size = 48, string name = "animated.gif", bool noisy = false)
    {
        using var collection = new MagickImageCollection();
        var random = new Random(frames);
        for (int i = 0; i < frames; i++)
        {
            var pixels = new byte[size * size * 3];
            for (int p = 0; p < pixels.Length; p += 3)
            {
                pixels[p] = (byte)(i == 0 ? 255 : 0);
                pixels[p + 1] = (byte)(i == 0 ? 0 : 255);
                pixels[p + 2] = noisy ? (byte)random.Next(256) : (byte)0;
            }

            var frame = new MagickImage();
            frame.ReadPixels(pixels, new PixelReadSettings(size, size, StorageType.Char, PixelMapping.RGB));
            frame.AnimationDelay = 20;
            collection.Add(frame);
        }

        string path = Path.Combine(folder, name);
        collection.Write(path, MagickFormat.Gif);
        return path;
    }

    /// <summary>An opaque PNG of random pixels: PNG cannot compress noise, so the file is about width × height × 3 bytes.</summary>
    public static string NoisePng(string folder, uint width, uint height, string name = "noise.png")
    {
        var pixels = new byte[width * height * 3];
        new Random(42).NextBytes(pixels);
        using var image = new MagickImage();
        image.ReadPixels(pixels, new PixelReadSettings(width, height, StorageType.Char, PixelMapping.RGB));
        return Write(folder, name, image, MagickFormat.Png);
    }

    /// <summary>
    /// A decompression bomb: a valid PNG of a few hundred bytes whose header claims <paramref name="width"/> ×
    /// <paramref name="height"/> pixels (its zlib stream would inflate to gigabytes).
    /// </summary>
    public static string PngBomb(string folder, uint width, uint height)
    {
        using var file = new MemoryStream();
        file.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var ihdr = new byte[13];
        WriteBigEndian(ihdr, 0, width);
        WriteBigEndian(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        WriteChunk(file, "IHDR", ihdr);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(new byte[64 * 1024]);
            }

            WriteChunk(file, "IDAT", compressed.ToArray());
        }

        WriteChunk(file, "IEND", Array.Empty<byte>());
        string path = Path.Combine(folder, $"bomb-{width}x{height}.png");
        File.WriteAllBytes(path, file.ToArray());
        return path;
    }

    /// <summary>A HEIC of <paramref name="image"/> made by Debian's heif-enc (libheif-examples); null when heif-enc is not installed.</summary>
    public static string? Heic(string folder, MagickImage image, string name = "photo.heic")
    {
        string? encoder = Tools.Find("heif-enc");
        if (encoder == null)
        {
            return null;
        }

        // Truecolour: heif-enc misreads the palette PNGs that ImageMagick writes for images of few colours.
        using IMagickImage<byte> truecolour = image.Clone();
        truecolour.Settings.SetDefine(MagickFormat.Png, "color-type", "2");
        string png = Path.Combine(folder, Path.ChangeExtension(name, ".source.png"));
        truecolour.Write(png, MagickFormat.Png);
        string path = Path.Combine(folder, name);
        Tools.Run(encoder, "-q", "60", "-o", path, png);
        return path;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, (uint)data.Length);
        stream.Write(length);
        byte[] typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, Crc32(typeAndData));
        stream.Write(crc);
    }

    /// <summary>PNG's chunk checksum (ISO 3309 CRC-32), bit by bit: a few hundred bytes need no table.</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static void WriteBigEndian(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }
}
