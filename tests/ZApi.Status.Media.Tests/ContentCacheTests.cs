using ZApi.Status.MediaModule.Cache;
using ZApi.Status.MediaModule.Images;

namespace ZApi.Status.MediaModule.Tests;

/// <summary>A cached file is what was converted, or it is made again: the cache never hands on bytes it did not write.</summary>
public sealed class ContentCacheTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PreparedMedia Prepare(string path) =>
        new ImagePreparer(new ImageSettings(), new ContentCache(_folder.Cache)).Prepare(path, CancellationToken.None);

    [Theory]
    [InlineData("replaced by another photo")]
    [InlineData("cut short")]
    [InlineData("emptied")]
    public void A_cached_file_that_changed_is_made_again_not_handed_on(string change)
    {
        string source = Fixtures.SidewaysJpeg(_folder.Path, 6);
        PreparedMedia first = Prepare(source);
        byte[] converted = File.ReadAllBytes(first.OutputPath);
        switch (change)
        {
            case "replaced by another photo": File.Copy(Fixtures.SidewaysJpeg(_folder.Path, 3), first.OutputPath, overwrite: true); break;
            case "cut short": File.WriteAllBytes(first.OutputPath, converted.Take(converted.Length / 2).ToArray()); break;
            default: File.WriteAllBytes(first.OutputPath, Array.Empty<byte>()); break;
        }

        PreparedMedia again = Prepare(source);

        Assert.Equal(MediaConversion.Converted, again.Conversion);
        Assert.Equal(converted, File.ReadAllBytes(again.OutputPath));
        Assert.Equal(MediaConversion.Cached, Prepare(source).Conversion);
    }

    [Fact]
    public void Without_a_per_user_folder_there_is_no_default_cache_and_the_error_says_to_pass_Destination()
    {
        MediaException failure = Assert.Throws<MediaException>(() => ContentCache.DefaultDirectoryUnder(string.Empty));

        Assert.Equal(MediaErrorId.DestinationUnwritable, failure.ErrorId);
        Assert.True(failure.StopsTheBatch);
        Assert.Contains("-Destination", failure.Message);
    }
}
