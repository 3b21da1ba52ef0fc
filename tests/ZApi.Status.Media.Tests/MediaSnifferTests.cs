using System.Text;

namespace ZApi.Status.MediaModule.Tests;

public sealed class MediaSnifferTests
{
    private static SniffedMedia? Sniff(params byte[] header) => MediaSniffer.Detect(header, header.Length);

    private static SniffedMedia? Sniff(string ascii) => Sniff(Encoding.Latin1.GetBytes(ascii));

    private static byte[] Ftyp(string major, params string[] compatible)
    {
        string body = "ftyp" + major + "\0\0\0\0" + string.Concat(compatible);
        byte[] box = Encoding.ASCII.GetBytes("\0\0\0\0" + body);
        box[3] = (byte)box.Length;
        return box;
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1 }, "JPEG")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    [InlineData(new byte[] { (byte)'I', (byte)'I', (byte)'*', 0 }, "TIFF")]
    [InlineData(new byte[] { (byte)'M', (byte)'M', 0, (byte)'*' }, "TIFF")]
    public void Tells_photos_by_their_signature(byte[] header, string expected)
    {
        SniffedMedia sniffed = Sniff(header)!;
        Assert.Equal(MediaCategory.Image, sniffed.Category);
        Assert.Equal(expected, sniffed.Name);
    }

    [Theory]
    [InlineData("GIF89a....", "GIF")]
    [InlineData("GIF87a....", "GIF")]
    [InlineData("RIFF\0\0\0\0WEBPVP8 ", "WebP")]
    public void Tells_GIF_and_WebP(string header, string expected) => Assert.Equal(expected, Sniff(header)!.Name);

    [Fact]
    public void Tells_HEIC_from_AVIF_even_under_the_generic_HEIF_brand()
    {
        Assert.Equal("HEIC", Sniff(Ftyp("heic", "mif1", "heic"))!.Name);
        Assert.Equal("HEIC", Sniff(Ftyp("mif1", "heic"))!.Name);
        Assert.Equal("AVIF", Sniff(Ftyp("avif", "mif1"))!.Name);
        Assert.Equal("AVIF", Sniff(Ftyp("mif1", "avif", "miaf"))!.Name);
    }

    [Theory]
    [InlineData("isom", "MP4", "mov")]
    [InlineData("mp42", "MP4", "mov")]
    [InlineData("qt  ", "QuickTime", "mov")]
    [InlineData("3gp4", "3GP", "mov")]
    public void Tells_ISO_media_videos_and_the_demuxer_that_may_read_them(string brand, string name, string demuxer)
    {
        SniffedMedia sniffed = Sniff(Ftyp(brand))!;
        Assert.Equal(MediaCategory.Video, sniffed.Category);
        Assert.Equal(name, sniffed.Name);
        Assert.Equal(demuxer, sniffed.Demuxer);
    }

    [Fact]
    public void Tells_Matroska_and_AVI()
    {
        Assert.Equal("matroska", Sniff(0x1A, 0x45, 0xDF, 0xA3, 0x01)!.Demuxer);
        Assert.Equal("avi", Sniff("RIFF\0\0\0\0AVI LIST")!.Demuxer);
    }

    [Fact]
    public void A_BMP_needs_a_real_DIB_header_so_text_starting_with_BM_is_text()
    {
        var bmp = new byte[54];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        bmp[14] = 40;
        Assert.Equal("BMP", Sniff(bmp)!.Name);
        Assert.Equal(MediaCategory.Other, Sniff("BMW service due in March, bring the car")!.Category);
    }

    [Theory]
    [InlineData("this is not a photo\n", "text")]
    [InlineData("%PDF-1.7\n", "PDF")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\">", "SVG")]
    [InlineData("<?xml version=\"1.0\"?><svg>", "SVG")]
    [InlineData("<!DOCTYPE html><html>", "HTML or XML")]
    [InlineData("PK\u0003\u0004\u0014\0", "ZIP archive")]
    public void Names_what_it_refuses(string header, string expected)
    {
        SniffedMedia sniffed = Sniff(header)!;
        Assert.Equal(MediaCategory.Other, sniffed.Category);
        Assert.Equal(expected, sniffed.Name);
    }

    [Fact]
    public void Unknown_binary_and_empty_content_are_not_recognised()
    {
        Assert.Null(Sniff(0x00, 0x01, 0x02, 0x03, 0x04, 0x05));
        Assert.Null(Sniff(Array.Empty<byte>()));
    }
}
