using System.Text;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.Tests;

/// <summary>
/// The one table of byte sequences and what the shared sniffer says they are. Both modules and the sandbox compile
/// the same source, so this table is every command's answer: what the core posts (a mime type), what the media
/// module converts (the category, and for a video the ffmpeg demuxer), and what a refusal names.
/// </summary>
public sealed class MediaSnifferTests
{
    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>An ftyp box: size, "ftyp", major brand, minor version, compatible brands.</summary>
    private static byte[] Ftyp(string major, params string[] compatible)
    {
        byte[] box = Latin1("\0\0\0\0ftyp" + major + "\0\0\0\0" + string.Concat(compatible));
        box[3] = (byte)box.Length;
        return box;
    }

    private static byte[] Bmp(int dibHeaderSize)
    {
        var bmp = new byte[54];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        bmp[14] = (byte)dibHeaderSize;
        return bmp;
    }

    /// <summary>Content, bytes, then the answer: name, category, mime type a status carries, ffmpeg demuxer (null: none).</summary>
    public static TheoryData<string, byte[], string?, string?, string?, string?> Table => new()
    {
        { "JFIF JPEG", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F' }, "JPEG", "Image", "image/jpeg", null },
        { "EXIF JPEG", new byte[] { 0xFF, 0xD8, 0xFF, 0xE1 }, "JPEG", "Image", "image/jpeg", null },
        { "JPEG, three bytes", new byte[] { 0xFF, 0xD8, 0xFF }, "JPEG", "Image", "image/jpeg", null },
        { "JPEG cut after its marker", new byte[] { 0xFF, 0xD8 }, "truncated JPEG", "Other", null, null },
        { "PNG", TestImages.Png(16), "PNG", "Image", "image/png", null },
        { "GIF89a", Latin1("GIF89a\x01\x00\x01\x00"), "GIF", "Image", "image/gif", null },
        { "GIF87a", Latin1("GIF87a"), "GIF", "Image", "image/gif", null },
        { "WebP", Latin1("RIFF\x24\x00\x00\x00WEBPVP8 "), "WebP", "Image", "image/webp", null },
        { "TIFF, little-endian", Latin1("II*\0\x08\0\0\0"), "TIFF", "Image", null, null },
        { "TIFF, big-endian", Latin1("MM\0*\0\0\0\x08"), "TIFF", "Image", null, null },
        { "BMP, BITMAPINFOHEADER", Bmp(40), "BMP", "Image", null, null },
        { "BMP, BITMAPV5HEADER", Bmp(124), "BMP", "Image", null, null },
        { "BM without a DIB header", Latin1("BM\0\0\0\0"), null, null, null, null },
        { "text that starts with BM", Latin1("BMW service due in March, bring the car"), "text", "Other", null, null },
        { "HEIC", Ftyp("heic", "mif1", "heic"), "HEIC", "Image", null, null },
        { "HEIF, generic brand", Ftyp("mif1", "heic"), "HEIC", "Image", null, null },
        { "HEIF, mif2", Ftyp("mif2", "heic"), "HEIC", "Image", null, null },
        { "HEIF image sequence", Ftyp("msf1", "hevc"), "HEIC", "Image", null, null },
        { "AVIF", Ftyp("avif", "mif1", "miaf"), "AVIF", "Image", null, null },
        { "AVIF sequence", Ftyp("avis", "msf1"), "AVIF", "Image", null, null },
        { "AVIF under the generic HEIF brand", Ftyp("mif1", "avif", "miaf"), "AVIF", "Image", null, null },
        { "MP4, isom", Ftyp("isom", "isom", "iso2", "mp41"), "MP4", "Video", "video/mp4", "mov" },
        { "MP4, mp42", Ftyp("mp42", "isom"), "MP4", "Video", "video/mp4", "mov" },
        { "MP4, avc1", Ftyp("avc1"), "MP4", "Video", "video/mp4", "mov" },
        { "MP4, iso5", Ftyp("iso5"), "MP4", "Video", "video/mp4", "mov" },
        { "MP4, M4V", Ftyp("M4V "), "MP4", "Video", "video/mp4", "mov" },
        { "MP4, DASH", Ftyp("dash", "iso6"), "MP4", "Video", "video/mp4", "mov" },
        { "3GP, 3gp4", Ftyp("3gp4"), "3GP", "Video", "video/3gpp", "mov" },
        { "3GP, 3gp5", Ftyp("3gp5"), "3GP", "Video", "video/3gpp", "mov" },
        { "3GP, release 6 progressive download", Ftyp("3gr6"), "3GP", "Video", "video/3gpp", "mov" },
        { "3GPP2", Ftyp("3g2a"), "3GP", "Video", "video/3gpp", "mov" },
        { "QuickTime", Ftyp("qt  ", "qt  "), "QuickTime", "Video", null, "mov" },
        { "ISO media of a camera brand", Ftyp("XAVC", "XAVC", "mp42", "iso2"), "ISO media (brand 'XAVC')", "Video", null, "mov" },
        { "ISO media of an unknown brand", Ftyp("xxxx"), "ISO media (brand 'xxxx')", "Video", null, "mov" },
        { "ftyp without a brand", Latin1("\0\0\0\x18" + "ftyp"), null, null, null, null },
        { "Matroska/WebM", new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x01, 0, 0, 0 }, "Matroska/WebM", "Video", null, "matroska" },
        { "AVI", Latin1("RIFF\0\0\0\0AVI LIST"), "AVI", "Video", null, "avi" },
        { "RIFF cut short", Latin1("RIFF\0\0\0\0WE"), null, null, null, null },
        { "PDF", Latin1("%PDF-1.7\n"), "PDF", "Other", null, null },
        { "ZIP", Latin1("PK\u0003\u0004\u0014\0"), "ZIP archive", "Other", null, null },
        { "JPEG XL codestream", new byte[] { 0xFF, 0x0A, 0xFA, 0x7F }, "JPEG XL", "Other", null, null },
        { "JPEG XL container", Latin1("\0\0\0\x0C" + "JXL \r\n\x87\n"), "JPEG XL", "Other", null, null },
        { "Photoshop", Latin1("8BPS\0\x01"), "Photoshop", "Other", null, null },
        { "SVG", Latin1("<svg xmlns=\"http://www.w3.org/2000/svg\">"), "SVG", "Other", null, null },
        { "SVG with an XML declaration", Latin1("<?xml version=\"1.0\"?><svg>"), "SVG", "Other", null, null },
        { "HTML", Latin1("<!DOCTYPE html><html>"), "HTML or XML", "Other", null, null },
        { "text", Latin1("hello, this is text\n"), "text", "Other", null, null },
        { "PNG signature cut short", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "text", "Other", null, null },
        { "unknown binary", new byte[] { 0, 1, 2, 3, 4, 5 }, null, null, null, null },
        { "nothing", Array.Empty<byte>(), null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_byte_sequence_has_one_answer(string content, byte[] bytes, string? name, string? category, string? mimeType, string? demuxer)
    {
        MediaFormat? format = MediaSniffer.Detect(bytes);
        MediaFormat? fromStream = MediaSniffer.Detect(new MemoryStream(bytes));

        Assert.True(name == format?.Name, $"{content}: {format?.Name ?? "nothing"}, expected {name ?? "nothing"}");
        Assert.Equal(category, format?.Category.ToString());
        Assert.Equal(mimeType, format?.MimeType);
        Assert.Equal(demuxer, format?.Demuxer);
        Assert.Equal(name, fromStream?.Name);
    }

    [Fact]
    public void Every_format_reads_as_a_phrase_with_its_article()
    {
        Assert.Equal("an MP4 video", MediaFormat.Mp4.Description);
        Assert.Equal("an AVIF image", MediaFormat.Avif.Description);
        Assert.Equal("a HEIC image", MediaFormat.Heic.Description);
        Assert.Equal("an ISO media (brand 'XAVC') file", MediaSniffer.Detect(Ftyp("XAVC"))!.Description);
        Assert.Equal("an ISO media (brand '???a') file", MediaSniffer.Detect(Ftyp("\u0001\u0002\u007Fa"))!.Description);
    }

    [Fact]
    public void Only_the_header_is_read_from_a_stream()
    {
        var stream = new MemoryStream(TestImages.Png(10_000));

        Assert.Equal(MediaFormat.Png, MediaSniffer.Detect(stream));
        Assert.Equal(MediaSniffer.HeaderLength, stream.Position);
    }
}
