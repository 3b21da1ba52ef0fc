using ZApi.Shared.Sniffing;
using ZApi.Status.MediaModule.Cache;
using ZApi.Status.MediaModule.Video;

namespace ZApi.Status.MediaModule.Tests;

public sealed class VideoPreparerTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private VideoPreparer Preparer(VideoSettings? settings = null) =>
        new(settings ?? new VideoSettings(), new ContentCache(_folder.Cache), FfmpegTools.Locate());

    private PreparedMedia Prepare(string path, VideoSettings? settings = null) => Preparer(settings).Prepare(path, CancellationToken.None);

    [SkippableFact]
    public void A_clip_over_the_byte_limit_is_encoded_to_H264_and_AAC_within_it_and_gains_a_silent_track()
    {
        string source = Clips.Make(_folder.Path, "silent.mp4", 4, Clips.Mpeg4, withSound: false, size: "640x360");
        long limit = new FileInfo(source).Length / 3;

        PreparedMedia prepared = Prepare(source, new VideoSettings { MaximumBytes = limit });

        Assert.Equal(MediaConversion.Converted, prepared.Conversion);
        Assert.InRange(new FileInfo(prepared.OutputPath).Length, 1, limit);
        var (codecs, seconds, _) = Clips.Probe(prepared.OutputPath);
        Assert.Equal(new[] { "h264", "aac" }, codecs);
        Assert.InRange(seconds, 3.8, 4.3);
    }

    [SkippableFact]
    public void An_H264_AAC_MP4_without_metadata_within_the_limits_is_passed_through()
    {
        string source = Clips.Make(_folder.Path, "ready.mp4", 1, Clips.H264, withSound: true, "320x240", "-map_metadata", "-1");

        PreparedMedia prepared = Prepare(source);

        Assert.Equal(MediaConversion.Unchanged, prepared.Conversion);
        Assert.Equal(source, prepared.OutputPath);
    }

    [SkippableFact]
    public void A_ready_MP4_whose_media_data_is_cut_short_is_remuxed_not_passed_on_as_it_is()
    {
        string ready = Clips.Make(_folder.Path, "ready.mp4", 1, Clips.H264, withSound: true, "320x240", "-map_metadata", "-1", "-movflags", "+faststart");
        byte[] bytes = File.ReadAllBytes(ready);
        string cut = _folder.File("cut.mp4");
        File.WriteAllBytes(cut, bytes.Take(bytes.Length * 8 / 10).ToArray());

        PreparedMedia prepared = Prepare(cut);

        Assert.Equal(MediaConversion.Converted, prepared.Conversion);
        Assert.Contains("remuxed", prepared.Description);
        var (codecs, seconds, _) = Clips.Probe(prepared.OutputPath);
        Assert.Equal(new[] { "h264", "aac" }, codecs);
        Assert.InRange(seconds, 0.5, 0.95);
        using var output = File.OpenRead(prepared.OutputPath);
        Assert.Null(IsoMediaLayout.FindDefect(output));
    }

    [SkippableFact]
    public void A_QuickTime_clip_with_a_location_is_remuxed_to_MP4_without_it_and_without_re_encoding()
    {
        string source = Clips.Make(_folder.Path, "iphone.mov", 1, Clips.H264, withSound: true, "320x240",
            "-metadata", "location=+48.8584+002.2945/", "-metadata", "creation_time=2026-05-01T10:00:00Z");
        Assert.Contains("48.8584", Clips.Probe(source).Tags);

        PreparedMedia prepared = Prepare(source);

        Assert.Equal(MediaConversion.Converted, prepared.Conversion);
        Assert.Contains("remuxed", prepared.Description);
        var (codecs, _, tags) = Clips.Probe(prepared.OutputPath);
        Assert.Equal(new[] { "h264", "aac" }, codecs);
        Assert.DoesNotContain("48.8584", tags);
        Assert.DoesNotContain("2026-05-01", tags);
        using var stream = File.OpenRead(prepared.OutputPath);
        Assert.Equal(MediaFormat.Mp4, MediaSniffer.Detect(stream));
    }

    [SkippableFact]
    public void A_clip_longer_than_the_limit_is_cut_with_a_warning()
    {
        string source = Clips.Make(_folder.Path, "long.mp4", 5, Clips.Mpeg4, withSound: true);
        VideoPreparer preparer = Preparer(new VideoSettings { MaximumDurationSec = 2 });

        PreparedMedia prepared = preparer.Prepare(source, CancellationToken.None);

        Assert.InRange(Clips.Probe(prepared.OutputPath).Seconds, 1.9, 2.2);
        Assert.Contains(preparer.Warnings, w => w.Contains("first 2 seconds") && w.Contains(source));
    }

    [SkippableFact]
    public void The_same_clip_is_a_cache_hit_and_converts_to_the_same_bytes_again()
    {
        string source = Clips.Make(_folder.Path, "my \"best\" clip, it's -here.mp4", 2, Clips.Mpeg4, withSound: true);

        PreparedMedia first = Prepare(source);
        byte[] bytes = File.ReadAllBytes(first.OutputPath);
        PreparedMedia hit = Prepare(source);
        File.Delete(first.OutputPath);
        PreparedMedia again = Prepare(source);

        Assert.Equal(MediaConversion.Cached, hit.Conversion);
        Assert.Equal(first.OutputPath, hit.OutputPath);
        Assert.Equal(MediaConversion.Converted, again.Conversion);
        Assert.Equal(bytes, File.ReadAllBytes(again.OutputPath));
    }

    [SkippableFact]
    public void A_clip_cut_short_is_MediaUnreadable_and_text_renamed_mp4_is_UnsupportedMediaType()
    {
        string whole = Clips.Make(_folder.Path, "whole.mp4", 2, Clips.Mpeg4, withSound: true);
        string truncated = _folder.File("truncated.mp4");
        File.WriteAllBytes(truncated, File.ReadAllBytes(whole).Take(4096).ToArray());
        string text = _folder.File("notes.mp4");
        File.WriteAllText(text, "not a video at all");

        MediaException cutShort = Assert.Throws<MediaException>(() => Prepare(truncated));
        MediaException notVideo = Assert.Throws<MediaException>(() => Prepare(text));

        Assert.Equal(MediaErrorId.MediaUnreadable, cutShort.ErrorId);
        Assert.Contains(truncated, cutShort.Message);
        Assert.Contains("starts like an MP4 video but", cutShort.Message);
        Assert.Equal(MediaErrorId.UnsupportedMediaType, notVideo.ErrorId);
    }

    [SkippableFact]
    public void A_photo_given_as_a_video_points_to_ConvertTo_ZApiStatusImage()
    {
        Tools.Require("ffmpeg");
        string photo = _folder.File("photo.mp4");
        File.WriteAllBytes(photo, new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 });

        MediaException failure = Assert.Throws<MediaException>(() => Prepare(photo));

        Assert.Equal(MediaErrorId.UnsupportedMediaType, failure.ErrorId);
        Assert.Contains("ConvertTo-ZApiStatusImage", failure.Message);
    }

    [Fact]
    public void Without_ffmpeg_on_PATH_the_error_says_how_to_get_it_and_stops_the_batch()
    {
        MediaException failure = Assert.Throws<MediaException>(() => FfmpegTools.Locate(_folder.Path));

        Assert.Equal(MediaErrorId.FfmpegNotFound, failure.ErrorId);
        Assert.True(failure.StopsTheBatch);
        Assert.Contains("apt-get install ffmpeg", failure.Message);
        Assert.Contains("winget install", failure.Message);
    }
}
