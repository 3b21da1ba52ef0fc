using System.Globalization;

namespace ZApi.Status.MediaModule.Tests;

/// <summary>Short clips made by Debian's ffmpeg for the video tests (which report themselves skipped without it).</summary>
internal static class Clips
{
    /// <summary>
    /// A test-pattern clip. <paramref name="videoArguments"/> pick the codec; <paramref name="withSound"/> adds a tone;
    /// <paramref name="extra"/> go before the output name (metadata, container options).
    /// </summary>
    public static string Make(string folder, string name, double seconds, string[] videoArguments, bool withSound, string size = "320x240", params string[] extra)
    {
        string ffmpeg = Tools.Require("ffmpeg");
        var arguments = new List<string> { "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=25" };
        if (withSound)
        {
            arguments.AddRange(new[] { "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100" });
        }

        arguments.AddRange(new[] { "-t", seconds.ToString(CultureInfo.InvariantCulture) });
        arguments.AddRange(videoArguments);
        arguments.AddRange(withSound ? new[] { "-c:a", "aac", "-b:a", "96k" } : new[] { "-an" });
        arguments.AddRange(extra);
        string path = Path.Combine(folder, name);
        arguments.Add(path);
        Tools.Run(ffmpeg, arguments.ToArray());
        return path;
    }

    public static readonly string[] H264 = { "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p" };

    public static readonly string[] Mpeg4 = { "-c:v", "mpeg4", "-q:v", "2" };

    /// <summary>ffprobe's view of a file: codec names of its streams, its duration and its container tags.</summary>
    public static (string[] Codecs, double Seconds, string Tags) Probe(string path)
    {
        string output = Tools.Run(Tools.Require("ffprobe"), "-v", "error", "-show_entries", "stream=codec_name:format=duration:format_tags", "-of", "compact=p=0:nk=0", path);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] codecs = lines.Where(l => l.StartsWith("codec_name=", StringComparison.Ordinal)).Select(l => l.Substring("codec_name=".Length).Trim()).ToArray();
        string format = lines.Single(l => l.StartsWith("duration=", StringComparison.Ordinal));
        double seconds = double.Parse(format.Split('|')[0].Substring("duration=".Length), CultureInfo.InvariantCulture);
        return (codecs, seconds, format);
    }
}
