using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ZApi.Status.MediaModule.Video
{
    /// <summary>What ffprobe says about a clip: duration, its first video and audio streams, and the container's tags.</summary>
    internal sealed class VideoProbe
    {
        /// <summary>The ffprobe arguments whose output <see cref="Parse"/> reads (compact: one line per section, key=value fields).</summary>
        public static readonly string[] Entries =
        {
            "-show_entries", "format=duration:format_tags:stream=codec_type,codec_name,width,height,pix_fmt", "-of", "compact=p=1:nk=0",
        };

        /// <summary>Container tags every muxer writes; anything else (location, dates, device, ...) is metadata to strip.</summary>
        private static readonly HashSet<string> HarmlessTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "major_brand", "minor_version", "compatible_brands", "encoder",
        };

        public double DurationSeconds { get; private set; }

        public string? VideoCodec { get; private set; }

        public string? PixelFormat { get; private set; }

        public int Width { get; private set; }

        public int Height { get; private set; }

        public string? AudioCodec { get; private set; }

        public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public bool HasMetadata
        {
            get
            {
                foreach (string tag in Tags.Keys)
                {
                    if (!HarmlessTags.Contains(tag))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        public static VideoProbe Parse(string output)
        {
            var probe = new VideoProbe();
            foreach (string line in output.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                List<string> fields = SplitFields(line);
                if (fields.Count == 0)
                {
                    continue;
                }

                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                for (int i = 1; i < fields.Count; i++)
                {
                    int equals = fields[i].IndexOf('=');
                    if (equals > 0)
                    {
                        values[fields[i].Substring(0, equals)] = fields[i].Substring(equals + 1);
                    }
                }

                if (fields[0] == "format")
                {
                    probe.ReadFormat(values);
                }
                else if (fields[0] == "stream")
                {
                    probe.ReadStream(values);
                }
            }

            return probe;
        }

        private void ReadFormat(Dictionary<string, string> values)
        {
            if (values.TryGetValue("duration", out string? duration)
                && double.TryParse(duration, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                DurationSeconds = seconds;
            }

            foreach (KeyValuePair<string, string> pair in values)
            {
                if (pair.Key.StartsWith("tag:", StringComparison.Ordinal))
                {
                    Tags[pair.Key.Substring(4)] = pair.Value;
                }
            }
        }

        private void ReadStream(Dictionary<string, string> values)
        {
            values.TryGetValue("codec_type", out string? type);
            values.TryGetValue("codec_name", out string? codec);
            if (type == "video" && VideoCodec == null)
            {
                VideoCodec = codec;
                values.TryGetValue("pix_fmt", out string? pixelFormat);
                PixelFormat = pixelFormat;
                Width = Number(values, "width");
                Height = Number(values, "height");
            }
            else if (type == "audio" && AudioCodec == null)
            {
                AudioCodec = codec;
            }
        }

        private static int Number(Dictionary<string, string> values, string key) =>
            values.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : 0;

        /// <summary>Splits a compact line at '|', keeping escaped separators ("\|") inside values.</summary>
        private static List<string> SplitFields(string line)
        {
            var fields = new List<string>();
            var current = new StringBuilder();
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    current.Append(line[++i]);
                }
                else if (line[i] == '|')
                {
                    fields.Add(current.ToString());
                    current.Clear();
                }
                else
                {
                    current.Append(line[i]);
                }
            }

            fields.Add(current.ToString());
            return fields;
        }
    }
}
