using System.Text;
using ZApi.Status.Media;
using ZApi.Status.Media.Sniffing;

namespace ZApi.Status.Tests;

public class ImageSnifferTests
{
    public static TheoryData<byte[], string> Supported => new()
    {
        { new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F' }, "image/jpeg" },
        { new byte[] { 0xFF, 0xD8, 0xFF }, "image/jpeg" },
        { TestImages.Png(16), "image/png" },
        { Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00"), "image/gif" },
        { Encoding.ASCII.GetBytes("GIF87a"), "image/gif" },
        { Encoding.ASCII.GetBytes("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void Supported_images_are_recognised_by_their_magic_bytes(byte[] header, string mimeType) =>
        Assert.Equal(mimeType, ImageSniffer.DetectMimeType(header));

    [Theory]
    [InlineData("\0\0\0\x18" + "ftypheic\0\0\0\0", "HEIC")]
    [InlineData("\0\0\0\x18" + "ftypmif1\0\0\0\0", "HEIC")]
    [InlineData("\0\0\0\x18" + "ftypavif\0\0\0\0", "AVIF")]
    [InlineData("%PDF-1.7\n", "PDF")]
    [InlineData("BM\0\0\0\0", "BMP")]
    public void Other_formats_are_refused_and_named(string header, string name)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(header);
        Assert.Null(ImageSniffer.DetectMimeType(bytes));
        Assert.Equal(name, ImageSniffer.DescribeUnsupported(bytes));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8' })]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'E' })]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', (byte)'\n' })]
    public void Truncated_headers_and_text_are_not_images(byte[] header) => Assert.Null(ImageSniffer.DetectMimeType(header));

    [Fact]
    public void A_truncated_jpeg_is_named_as_such() =>
        Assert.Equal("truncated JPEG", ImageSniffer.DescribeUnsupported(new byte[] { 0xFF, 0xD8 }));
}
