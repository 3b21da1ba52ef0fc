using System.Text;
using ZApi.Status.Media;
using ZApi.Status.Media.Sniffing;

namespace ZApi.Status.Tests;

public class VideoSnifferTests
{
    [Theory]
    [InlineData("isom", "video/mp4")]
    [InlineData("mp42", "video/mp4")]
    [InlineData("avc1", "video/mp4")]
    [InlineData("M4V ", "video/mp4")]
    [InlineData("3gp4", "video/3gpp")]
    [InlineData("3gp5", "video/3gpp")]
    [InlineData("3g2a", "video/3gpp")]
    public void Mp4_and_3gp_are_recognised_by_their_ftyp_brand(string brand, string mimeType) =>
        Assert.Equal(mimeType, VideoSniffer.DetectMimeType(TestImages.Video(64, brand)));

    [Theory]
    [InlineData("\0\0\0\x14" + "ftypqt  \0\0\0\0", "QuickTime video")]
    [InlineData("\0\0\0\x18" + "ftypheic\0\0\0\0", "HEIC")]
    [InlineData("\x1A\x45\xDF\xA3\0\0\0\0\0\0\0\0", "WebM/Matroska")]
    [InlineData("RIFF\0\0\0\0AVI LIST", "AVI")]
    [InlineData("\x89PNG\r\n\x1A\n\0\0\0\0", "PNG image")]
    [InlineData("GIF89a\0\0\0\0\0\0", "GIF image")]
    public void Other_containers_are_refused_and_named(string header, string name)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(header);
        Assert.Null(VideoSniffer.DetectMimeType(bytes));
        Assert.Equal(name, VideoSniffer.DescribeUnsupported(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0\x18" + "ftyp")]
    [InlineData("\0\0\0\x18" + "ftypxxxx\0\0\0\0")]
    [InlineData("hello, this is text")]
    public void Truncated_unknown_and_text_content_is_not_a_video(string header) =>
        Assert.Null(VideoSniffer.DetectMimeType(Encoding.Latin1.GetBytes(header)));
}
