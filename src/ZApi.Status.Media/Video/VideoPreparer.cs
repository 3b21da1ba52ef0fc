using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using ZApi.Shared.Sniffing;
using ZApi.Status.MediaModule.Cache;

namespace ZApi.Status.MediaModule.Video
{
    /// <summary>
    /// Turns one clip into an H.264 + AAC MP4 within the byte and duration limits, through ffmpeg from PATH: a clip
    /// that already is one passes unchanged, one that only needs a new container is remuxed without re-encoding, and
    /// a clip converted before comes from the cache. ffmpeg reads only the sniffed container, only from a file.
    /// </summary>
    internal sealed class VideoPreparer
    {
        private const int MaximumAttempts = 3;

        private static readonly ConcurrentDictionary<string, string> Versions = new ConcurrentDictionary<string, string>();

        private readonly VideoSettings _settings;
        private readonly ContentCache _cache;
        private readonly FfmpegTools _tools;

        public VideoPreparer(VideoSettings settings, ContentCache cache, FfmpegTools tools)
        {
            _settings = settings;
            _cache = cache;
            _tools = tools;
        }

        /// <summary>Warnings for the caller to show (a clip cut to the longest duration).</summary>
        public List<string> Warnings { get; } = new List<string>();

        public PreparedMedia Prepare(string sourcePath, CancellationToken cancellation)
        {
            MediaFormat container;
            string key;
            long sourceBytes;
            bool wellFormed;
            using (FileStream stream = SourceFiles.Open(sourcePath, SourceKind.Video))
            {
                container = SourceFiles.Sniff(stream, sourcePath, SourceKind.Video);
                sourceBytes = stream.Length;
                // Send-ZApiVideoStatus refuses an MP4 whose boxes are not whole; ffmpeg still plays what is there.
                wellFormed = container != MediaFormat.Mp4 || IsoMediaLayout.FindDefect(stream) == null;
                stream.Position = 0;
                key = ContentCache.KeyFor(stream, _settings.Recipe(VersionOf(_tools.Ffmpeg, cancellation)));
            }

            string? cached = _cache.Find(key, ".mp4");
            if (cached != null)
            {
                return new PreparedMedia(sourcePath, cached, MediaConversion.Cached, $"{container.Name} converted before with these settings: {cached}");
            }

            VideoProbe probe = Probe(sourcePath, container, cancellation);
            VideoPlan plan = VideoPlan.For(probe, container, wellFormed, sourceBytes, _settings, sourcePath);
            string before = string.Format(CultureInfo.InvariantCulture, "{0}×{1} {2} {3}/{4}, {5:0.#} s, {6:N0} bytes",
                probe.Width, probe.Height, container.Name, probe.VideoCodec, probe.AudioCodec ?? "no sound", probe.DurationSeconds, sourceBytes);
            if (plan.Action == VideoAction.Unchanged)
            {
                return new PreparedMedia(sourcePath, sourcePath, MediaConversion.Unchanged, before + ": already an H.264 + AAC MP4 within the limits, posted as it is");
            }

            if (plan.Cut)
            {
                Warnings.Add(string.Format(CultureInfo.InvariantCulture,
                    "'{0}' runs {1:0.#} seconds; only its first {2} seconds are kept (-MaximumDurationSec).", sourcePath, probe.DurationSeconds, _settings.MaximumDurationSec));
            }

            double share = 1.0;
            for (int attempt = 1; ; attempt++)
            {
                string temporary = _cache.NewTemporaryPath(".mp4");
                try
                {
                    Encode(sourcePath, container, plan, temporary, cancellation);
                    long length = new FileInfo(temporary).Length;
                    if (length <= _settings.MaximumBytes)
                    {
                        string output = _cache.Commit(temporary, key, ".mp4");
                        string how = plan.Action == VideoAction.Remux ? "remuxed without re-encoding" : string.Format(CultureInfo.InvariantCulture, "encoded at {0} kbit/s", plan.VideoKbps);
                        return new PreparedMedia(sourcePath, output, MediaConversion.Converted,
                            string.Format(CultureInfo.InvariantCulture, "{0} to H.264 + AAC MP4 ({1}{2}), {3:N0} bytes: {4}",
                                before, how, plan.AddSilence ? ", silent track added" : string.Empty, length, output));
                    }

                    if (attempt == MaximumAttempts)
                    {
                        throw new MediaException(MediaErrorId.MediaTooLarge, string.Format(CultureInfo.InvariantCulture,
                            "'{0}' still takes {1:N0} bytes after {2} encodings, over -MaximumBytes {3:N0}. Lower -MaximumDurationSec or -MaximumDimension.",
                            sourcePath, length, attempt, _settings.MaximumBytes));
                    }

                    // A remux that does not fit: encode. An encoder that overshot: encode again, with a bitrate cut in proportion.
                    share = plan.Action == VideoAction.Remux ? 1.0 : share * 0.9 * _settings.MaximumBytes / length;
                    plan = VideoPlan.Transcode(plan.Seconds, plan.Cut, plan.AddSilence, _settings.MaximumBytes, sourcePath, share);
                }
                finally
                {
                    ContentCache.TryDelete(temporary);
                }
            }
        }

        private VideoProbe Probe(string sourcePath, MediaFormat container, CancellationToken cancellation)
        {
            var arguments = new List<string> { "-v", "error" };
            arguments.AddRange(InputArguments(container, sourcePath));
            arguments.AddRange(VideoProbe.Entries);
            ProcessResult result = ProcessRunner.Run(_tools.Ffprobe, arguments, TimeSpan.FromSeconds(60), cancellation);
            if (!result.Succeeded)
            {
                throw new MediaException(MediaErrorId.MediaUnreadable,
                    $"'{sourcePath}' starts like {container.Description} but ffprobe cannot read it: {(result.TimedOut ? "it took longer than a minute" : result.ErrorTail)}. Copy it from the phone again, or play it to check it.");
            }

            return VideoProbe.Parse(result.Output);
        }

        private void Encode(string sourcePath, MediaFormat container, VideoPlan plan, string outputPath, CancellationToken cancellation)
        {
            var arguments = new List<string> { "-hide_banner", "-nostdin", "-v", "error", "-y" };
            arguments.AddRange(InputArguments(container, sourcePath));
            if (plan.AddSilence)
            {
                arguments.AddRange(new[] { "-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=44100" });
            }

            arguments.AddRange(new[] { "-map", "0:v:0", "-map", plan.AddSilence ? "1:a:0" : "0:a:0" });
            if (plan.AddSilence)
            {
                arguments.Add("-shortest");
            }

            if (plan.Cut)
            {
                arguments.AddRange(new[] { "-t", plan.Seconds.ToString("0.###", CultureInfo.InvariantCulture) });
            }

            if (plan.Action == VideoAction.Remux)
            {
                arguments.AddRange(new[] { "-c:v", "copy" });
            }
            else
            {
                string max = _settings.MaximumDimension.ToString(CultureInfo.InvariantCulture);
                arguments.AddRange(new[]
                {
                    "-vf", $"scale=w='min(iw,{max})':h='min(ih,{max})':force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p",
                    "-fpsmax", "30",
                    // x264's default frame threads made the same clip come out in different bytes from run to run
                    // (4 outputs in 12 runs here), and different bytes are a different status to the history: a
                    // clip converted again after its cache was cleared would be posted again. A fixed number of
                    // slice threads is deterministic on any machine and still uses the cores (13.6 s for 30 s of
                    // 720p on two cores, against 11.9 s with frame threads and 18.2 s with one thread).
                    "-c:v", "libx264", "-x264-params", "threads=4:sliced-threads=1", "-preset", "veryfast", "-profile:v", "high",
                    "-b:v", Kbps(plan.VideoKbps), "-maxrate", Kbps(plan.VideoKbps * 3 / 2), "-bufsize", Kbps(plan.VideoKbps * 2),
                });
            }

            if (plan.CopyAudio)
            {
                arguments.AddRange(new[] { "-c:a", "copy" });
            }
            else
            {
                arguments.AddRange(new[] { "-c:a", "aac", "-b:a", Kbps(plan.AudioKbps), "-ac", "2", "-ar", "44100" });
            }

            // No location, date or device in the output unless asked; the same clip gives the same bytes on every run.
            arguments.AddRange(new[] { "-map_metadata", _settings.KeepMetadata ? "0" : "-1", "-map_chapters", "-1" });
            arguments.AddRange(new[] { "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact" });
            arguments.AddRange(new[] { "-f", "mp4", "file:" + outputPath });

            TimeSpan limit = TimeSpan.FromSeconds(120 + (10 * plan.Seconds));
            ProcessResult result = ProcessRunner.Run(_tools.Ffmpeg, arguments, limit, cancellation);
            if (!result.Succeeded)
            {
                throw new MediaException(MediaErrorId.MediaConversionFailed, result.TimedOut
                    ? $"ffmpeg took longer than {limit.TotalSeconds:N0} seconds on '{sourcePath}' and was stopped."
                    : $"ffmpeg could not convert '{sourcePath}' (exit code {result.ExitCode}): {result.ErrorTail}");
            }
        }

        /// <summary>
        /// The input restricted to the sniffed container's demuxer and to plain files: no URL, playlist or concat
        /// trick inside the file can make ffmpeg open anything else. "file:" also keeps a name starting with '-' a name.
        /// </summary>
        private static IEnumerable<string> InputArguments(MediaFormat container, string sourcePath) =>
            new[] { "-protocol_whitelist", "file", "-f", container.Demuxer!, "-i", "file:" + sourcePath };

        private static string Kbps(int kbps) => kbps.ToString(CultureInfo.InvariantCulture) + "k";

        /// <summary>ffmpeg's version line: part of the cache key, since another build encodes other bytes.</summary>
        private static string VersionOf(string ffmpeg, CancellationToken cancellation) =>
            Versions.GetOrAdd(ffmpeg, path =>
            {
                ProcessResult result = ProcessRunner.Run(path, new[] { "-hide_banner", "-version" }, TimeSpan.FromSeconds(30), cancellation);
                string firstLine = result.Output.Split('\n')[0].Trim();
                return firstLine.Length > 0 ? firstLine : "ffmpeg (version unknown)";
            });
    }
}
