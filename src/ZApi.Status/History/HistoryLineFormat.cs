using System;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZApi.Status.History
{
    /// <summary>
    /// One history entry as one line of JSON (UTF-8), with the format version first, so a person can read and grep
    /// the file and a newer format is recognised before it is misread. Every line is complete on its own: the
    /// identity is repeated in the line that completes an in-flight entry.
    /// </summary>
    internal static class HistoryLineFormat
    {
        /// <summary>The format this module writes and the newest it reads.</summary>
        public const int Version = 1;

        /// <summary>
        /// The longest line (without its newline) a history holds. An entry takes well under 1 KiB, and <see cref="Write"/>
        /// never makes one longer; a longer line is damage (a stray file, zeros left by a crash) that a reader streams past
        /// instead of holding it in memory.
        /// </summary>
        public const int MaximumLineBytes = 64 * 1024;

        /// <summary>How much of a caption and of a source a line keeps when the whole of them would not fit in one line.</summary>
        private const int ShortenedTextLength = 2000;

        // Captions in any language stay readable in the file; it is never embedded in HTML.
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>
        /// The bytes of one line, ending in '\n', at most <see cref="MaximumLineBytes"/> long (room left for an editor's
        /// '\r'): a caption or a source too long for that is kept shortened, which changes nothing about what the line
        /// identifies (the key covers the whole caption).
        /// </summary>
        public static byte[] Write(StatusIdentity identity, StatusHistoryOutcome state, DateTimeOffset at, string? zaapId, string? messageId,
            string? errorId, ProcessIdentity process)
        {
            byte[] line = Write(identity, identity.Caption, identity.Source, state, at, zaapId, messageId, errorId, process);
            if (line.Length + 1 > MaximumLineBytes)
            {
                line = Write(identity, Shortened(identity.Caption), Shortened(identity.Source)!, state, at, zaapId, messageId, errorId, process);
            }

            if (line.Length + 1 > MaximumLineBytes)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable, string.Format(CultureInfo.InvariantCulture,
                    "The status history cannot record the {0} '{1}': its entry would be {2:N0} bytes long, more than the {3:N0} a line of the history may hold (the instance id or Z-API's ids are that long).",
                    identity.Kind, Shortened(identity.Source), line.Length, MaximumLineBytes));
            }

            return line;
        }

        private static byte[] Write(StatusIdentity identity, string? caption, string source, StatusHistoryOutcome state, DateTimeOffset at,
            string? zaapId, string? messageId, string? errorId, ProcessIdentity process)
        {
            var buffer = new MemoryStream(512);
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteNumber("v", Version);
                json.WriteString("key", identity.Key.ToString());
                json.WriteString("state", state.ToString());
                json.WriteString("at", at.ToString("o", CultureInfo.InvariantCulture));
                json.WriteString("instance", identity.InstanceId);
                json.WriteString("kind", identity.Kind);
                json.WriteString("sha256", identity.Sha256);
                WriteOptional(json, "caption", caption);
                json.WriteString("source", source);
                WriteOptional(json, "occurrence", identity.Occurrence.HasValue ? StatusIdentity.OccurrenceText(identity.Occurrence.Value) : null);
                WriteOptional(json, "zaapId", zaapId);
                WriteOptional(json, "messageId", messageId);
                WriteOptional(json, "errorId", errorId);
                json.WriteString("process", process.Name);
                json.WriteString("processStarted", process.Started.ToString("o", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }

        /// <summary>The start of a long text and an ellipsis, never cut between the halves of a surrogate pair.</summary>
        private static string? Shortened(string? text)
        {
            if (text == null || text.Length <= ShortenedTextLength)
            {
                return text;
            }

            int cut = char.IsHighSurrogate(text[ShortenedTextLength - 1]) ? ShortenedTextLength - 1 : ShortenedTextLength;
            return text.Substring(0, cut) + "\u2026";
        }

        /// <summary>
        /// The entry on one line (without its '\n'), or null when the line is damaged: not JSON, or without the
        /// fields every entry has. <paramref name="version"/> is the line's format version, 0 when it has none.
        /// </summary>
        public static StatusHistoryEntry? Parse(ReadOnlySpan<byte> line, int lineNumber, out int version)
        {
            version = 0;
            string? key = null, state = null, at = null, instance = null, kind = null, sha256 = null, caption = null, source = null,
                zaapId = null, messageId = null, errorId = null, process = null, processStarted = null, occurrence = null;
            try
            {
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    if (name == "v")
                    {
                        version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int v) ? v : 0;
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        // A value of a kind this format never writes (perhaps from a newer one): skip it.
                        reader.Skip();
                        continue;
                    }

                    string value = reader.GetString()!;
                    switch (name)
                    {
                        case "key": key = value; break;
                        case "state": state = value; break;
                        case "at": at = value; break;
                        case "instance": instance = value; break;
                        case "kind": kind = value; break;
                        case "sha256": sha256 = value; break;
                        case "caption": caption = value; break;
                        case "source": source = value; break;
                        case "zaapId": zaapId = value; break;
                        case "messageId": messageId = value; break;
                        case "errorId": errorId = value; break;
                        case "process": process = value; break;
                        case "processStarted": processStarted = value; break;
                        case "occurrence": occurrence = value; break;
                    }
                }

                if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                {
                    return null;
                }
            }
            catch (JsonException)
            {
                return null;
            }

            if (version > Version)
            {
                return null;
            }

            if (version < 1 || !HistoryKey.TryParse(key, out _) || instance == null || kind == null || sha256 == null
                || state == null || !Enum.IsDefined(typeof(StatusHistoryOutcome), state)
                || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset when))
            {
                return null;
            }

            var outcome = (StatusHistoryOutcome)Enum.Parse(typeof(StatusHistoryOutcome), state);
            return new StatusHistoryEntry(key!, outcome, when, instance, kind, sha256, caption, source, zaapId, messageId, errorId, process, lineNumber)
            {
                ProcessStarted = DateTimeOffset.TryParse(processStarted, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset started)
                    ? started
                    : (DateTimeOffset?)null,
                Occurrence = DateTimeOffset.TryParse(occurrence, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset due)
                    ? due
                    : (DateTimeOffset?)null,
            };
        }

        /// <summary>
        /// What the index needs from a line, read without allocating: its format version, its key, and whether it is
        /// whole (every field an entry must have, well formed), by the same rules as <see cref="Parse"/>.
        /// </summary>
        /// <remarks>
        /// Damage is told cheaply, so a file of thousands of damaged lines opens in a moment: a line that does not start
        /// with '{' is no object, and one that does not end with '}' was cut short (only its version is read, as every
        /// writer puts it first, so a newer format is still recognised). What is left is read as a block that may go
        /// on, so a cut inside it ends the reading instead of throwing.
        /// </remarks>
        public static bool TryReadHeader(ReadOnlySpan<byte> line, out int version, out HistoryKey key)
        {
            version = 0;
            key = default;
            bool hasKey = false, hasState = false, hasAt = false, hasInstance = false, hasKind = false, hasSha256 = false;
            int first = 0, end = line.Length;
            while (first < end && IsBlank(line[first]))
            {
                first++;
            }

            while (end > first && IsBlank(line[end - 1]))
            {
                end--;
            }

            if (first == end || line[first] != (byte)'{')
            {
                return false;
            }

            if (line[end - 1] != (byte)'}')
            {
                version = LeadingVersion(line.Slice(first, end - first));
                return false;
            }

            try
            {
                var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    // Names compared as bytes, by length first: this loop runs for every field of every line of the file.
                    ReadOnlySpan<byte> name = reader.ValueIsEscaped ? default : reader.ValueSpan;
                    bool isVersion = name.Length == 1 && name[0] == (byte)'v';
                    bool isKey = name.Length == 3 && name.SequenceEqual("key"u8);
                    bool isState = name.Length == 5 && name.SequenceEqual("state"u8);
                    bool isAt = name.Length == 2 && name.SequenceEqual("at"u8);
                    bool isInstance = name.Length == 8 && name.SequenceEqual("instance"u8);
                    bool isKind = name.Length == 4 && name.SequenceEqual("kind"u8);
                    bool isSha256 = name.Length == 6 && name.SequenceEqual("sha256"u8);
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (isVersion)
                    {
                        version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int v) ? v : 0;
                    }
                    else if (reader.TokenType != JsonTokenType.String)
                    {
                        if (!reader.TrySkip())
                        {
                            return false;
                        }
                    }
                    else if (isKey)
                    {
                        hasKey = reader.ValueIsEscaped ? HistoryKey.TryParse(reader.GetString(), out key) : HistoryKey.TryParse(reader.ValueSpan, out key);
                    }
                    else if (isState)
                    {
                        hasState = IsStateName(ref reader);
                    }
                    else if (isAt)
                    {
                        hasAt = reader.TryGetDateTimeOffset(out _);
                    }
                    else
                    {
                        hasInstance |= isInstance;
                        hasKind |= isKind;
                        hasSha256 |= isSha256;
                    }
                }

                if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                {
                    return false;
                }
            }
            catch (JsonException)
            {
                return false;
            }

            return version >= 1 && version <= Version && hasKey && hasState && hasAt && hasInstance && hasKind && hasSha256;
        }

        private static bool IsBlank(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r';

        /// <summary>The version of a line that begins as every writer begins one, {"v":N; 0 for any other.</summary>
        private static int LeadingVersion(ReadOnlySpan<byte> line)
        {
            ReadOnlySpan<byte> prefix = "{\"v\":"u8;
            if (!line.StartsWith(prefix))
            {
                return 0;
            }

            int version = 0;
            for (int i = prefix.Length; i < line.Length && i < prefix.Length + 9 && line[i] >= (byte)'0' && line[i] <= (byte)'9'; i++)
            {
                version = (version * 10) + (line[i] - (byte)'0');
            }

            return version;
        }

        private static bool IsStateName(ref Utf8JsonReader reader) =>
            reader.ValueTextEquals("InFlight"u8) || reader.ValueTextEquals("Posted"u8) || reader.ValueTextEquals("Refused"u8) || reader.ValueTextEquals("InDoubt"u8)
            || reader.ValueTextEquals("Cancelled"u8);

        private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }
    }
}
