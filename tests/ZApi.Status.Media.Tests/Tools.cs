using System.Diagnostics;

namespace ZApi.Status.MediaModule.Tests;

/// <summary>Debian tools the fixtures use (heif-enc, ffmpeg, ffprobe); .ci/run installs them, a test without them reports itself skipped.</summary>
internal static class Tools
{
    public static string? Find(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string candidate in new[] { Path.Combine(folder, name), Path.Combine(folder, name + ".exe") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static string Require(string name)
    {
        string? path = Find(name);
        Skip.If(path == null, $"{name} is not installed (Debian: apt-get install {(name == "heif-enc" ? "libheif-examples" : "ffmpeg")}); .ci/run installs it.");
        return path!;
    }

    /// <summary>Runs a tool to completion and returns its standard output; throws with its error output when it fails.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
        }

        return output;
    }
}
