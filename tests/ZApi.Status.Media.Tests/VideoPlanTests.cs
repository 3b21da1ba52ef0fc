using ZApi.Shared.Sniffing;
using ZApi.Status.MediaModule.Video;

namespace ZApi.Status.MediaModule.Tests;

public sealed class VideoPlanTests
{
    private static readonly MediaFormat Mp4 = MediaFormat.Mp4;

    private static VideoProbe Probe(string video = "h264", string? audio = "aac", double seconds = 10, int width = 1280, int height = 720, string tags = "") =>
        VideoProbe.Parse(
            $"stream|codec_name={video}|codec_type=video|width={width}|height={height}|pix_fmt=yuv420p\n" +
            (audio == null ? string.Empty : $"stream|codec_name={audio}|codec_type=audio\n") +
            $"format|duration={seconds}|tag:major_brand=isom|tag:encoder=Lavf59{tags}\n");

    [Fact]
    public void Parses_ffprobe_compact_output_with_escaped_separators()
    {
        VideoProbe probe = Probe(tags: "|tag:title=a\\|b|tag:location=+48.85+002.29/");

        Assert.Equal(("h264", "aac", 10.0, 1280, 720), (probe.VideoCodec, probe.AudioCodec, probe.DurationSeconds, probe.Width, probe.Height));
        Assert.Equal("a|b", probe.Tags["title"]);
        Assert.True(probe.HasMetadata);
        Assert.False(Probe().HasMetadata);
    }

    [Fact]
    public void A_ready_clip_needs_nothing_and_one_with_metadata_or_in_QuickTime_is_remuxed()
    {
        Assert.Equal(VideoAction.Unchanged, VideoPlan.For(Probe(), Mp4, wellFormed: true, 5_000_000, new VideoSettings(), "a.mp4").Action);
        Assert.Equal(VideoAction.Remux, VideoPlan.For(Probe(tags: "|tag:location=+1+2/"), Mp4, wellFormed: true, 5_000_000, new VideoSettings(), "a.mp4").Action);
        Assert.Equal(VideoAction.Unchanged, VideoPlan.For(Probe(tags: "|tag:location=+1+2/"), Mp4, wellFormed: true, 5_000_000, new VideoSettings { KeepMetadata = true }, "a.mp4").Action);
        Assert.Equal(VideoAction.Remux, VideoPlan.For(Probe(), Mp4, wellFormed: false, 5_000_000, new VideoSettings(), "cut.mp4").Action);
        Assert.Equal(VideoAction.Remux, VideoPlan.For(Probe(), MediaFormat.QuickTime, wellFormed: true, 5_000_000, new VideoSettings(), "a.mov").Action);
        VideoPlan silent = VideoPlan.For(Probe(audio: null), Mp4, wellFormed: true, 5_000_000, new VideoSettings(), "a.mp4");
        Assert.Equal((VideoAction.Remux, true, false), (silent.Action, silent.AddSilence, silent.CopyAudio));
    }

    [Fact]
    public void HEVC_too_large_too_long_or_too_wide_clips_are_encoded()
    {
        Assert.Equal(VideoAction.Transcode, VideoPlan.For(Probe(video: "hevc"), Mp4, wellFormed: true, 5_000_000, new VideoSettings(), "a").Action);
        Assert.Equal(VideoAction.Transcode, VideoPlan.For(Probe(), Mp4, wellFormed: true, 30_000_000, new VideoSettings(), "a").Action);
        Assert.Equal(VideoAction.Transcode, VideoPlan.For(Probe(width: 1920, height: 1080), Mp4, wellFormed: true, 5_000_000, new VideoSettings(), "a").Action);
        VideoPlan longClip = VideoPlan.For(Probe(seconds: 95), Mp4, wellFormed: true, 5_000_000, new VideoSettings(), "a");
        Assert.Equal((VideoAction.Transcode, true, 60.0), (longClip.Action, longClip.Cut, longClip.Seconds));
    }

    [Fact]
    public void The_bitrate_fills_the_byte_limit_over_the_duration_with_room_to_spare()
    {
        VideoPlan plan = VideoPlan.For(Probe(video: "hevc", seconds: 60), Mp4, wellFormed: true, 50_000_000, new VideoSettings(), "a");

        double bytes = (plan.VideoKbps + plan.AudioKbps) * 1000.0 / 8 * plan.Seconds;
        Assert.InRange(bytes, 0.8 * VideoSettings.DefaultMaximumBytes, 0.95 * VideoSettings.DefaultMaximumBytes);
        Assert.Equal(VideoPlan.MaximumVideoKbps, VideoPlan.For(Probe(video: "hevc", seconds: 3), Mp4, wellFormed: true, 50_000_000, new VideoSettings(), "a").VideoKbps);
    }

    [Fact]
    public void A_clip_too_long_for_the_byte_limit_is_MediaTooLarge_with_what_to_change()
    {
        var settings = new VideoSettings { MaximumBytes = 300_000, MaximumDurationSec = 600 };

        MediaException failure = Assert.Throws<MediaException>(() => VideoPlan.For(Probe(video: "hevc", seconds: 600), Mp4, wellFormed: true, 50_000_000, settings, "long.mp4"));

        Assert.Equal(MediaErrorId.MediaTooLarge, failure.ErrorId);
        Assert.Contains("-MaximumDurationSec", failure.Message);
    }

    [Fact]
    public void A_file_without_a_video_track_or_a_duration_is_refused()
    {
        VideoProbe soundOnly = VideoProbe.Parse("stream|codec_name=aac|codec_type=audio\nformat|duration=3\n");
        VideoProbe noDuration = VideoProbe.Parse("stream|codec_name=h264|codec_type=video|width=2|height=2\nformat|duration=N/A\n");

        Assert.Equal(MediaErrorId.UnsupportedMediaType, Assert.Throws<MediaException>(() => VideoPlan.For(soundOnly, Mp4, wellFormed: true, 1, new VideoSettings(), "a")).ErrorId);
        Assert.Equal(MediaErrorId.MediaUnreadable, Assert.Throws<MediaException>(() => VideoPlan.For(noDuration, Mp4, wellFormed: true, 1, new VideoSettings(), "a")).ErrorId);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\dir with space\\", "\"C:\\dir with space\\\\\"")]
    [InlineData("", "\"\"")]
    public void Arguments_are_quoted_so_any_file_name_reaches_ffmpeg_intact(string argument, string expected) =>
        Assert.Equal(expected, ProcessRunner.Quote(argument));
}
