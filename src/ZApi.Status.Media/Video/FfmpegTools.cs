using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ZApi.Status.MediaModule.Video
{
    /// <summary>ffmpeg and ffprobe from PATH. The module never downloads or ships them: without them, one clear error says how to get them.</summary>
    internal sealed class FfmpegTools
    {
        private FfmpegTools(string ffmpeg, string ffprobe)
        {
            Ffmpeg = ffmpeg;
            Ffprobe = ffprobe;
        }

        public string Ffmpeg { get; }

        public string Ffprobe { get; }

        /// <summary>Both tools from the folders of <paramref name="path"/> (PATH when null), or FfmpegNotFound.</summary>
        public static FfmpegTools Locate(string? path = null)
        {
            path ??= Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            string? ffmpeg = Find("ffmpeg", path);
            string? ffprobe = Find("ffprobe", path);
            if (ffmpeg != null && ffprobe != null)
            {
                return new FfmpegTools(ffmpeg, ffprobe);
            }

            string missing = ffmpeg == null && ffprobe == null ? "ffmpeg and ffprobe are" : (ffmpeg == null ? "ffmpeg is" : "ffprobe is");
            throw new MediaException(MediaErrorId.FfmpegNotFound,
                $"{missing} not on PATH, and ConvertTo-ZApiStatusVideo needs both (the module does not ship them). Install FFmpeg, then open a new session: " +
                "Debian or Ubuntu: sudo apt-get install ffmpeg; Windows: winget install Gyan.FFmpeg; macOS: brew install ffmpeg. " +
                "Or add the folder that holds them to $env:PATH.",
                stopsTheBatch: true);
        }

        private static string? Find(string name, string path)
        {
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            foreach (string folder in path.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate;
                try
                {
                    candidate = Path.Combine(folder.Trim().Trim('"'), windows ? name + ".exe" : name);
                }
                catch (ArgumentException)
                {
                    continue;
                }

                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
