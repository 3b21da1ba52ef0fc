using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using ZApi.Status.Client;
using ZApi.Status.Media;
using ZApi.Shared.Files;

namespace ZApi.Status.History
{
    /// <summary>
    /// What makes two inputs the same status: the instance, the kind, the SHA-256 of the media bytes (or of the link,
    /// or of the message) and the exact caption. Never the path: a renamed copy is the same image, an edited file a
    /// new one. Also what the history shows about the input, which is never its content. Each occurrence of a
    /// repeating row is a status of its own; a single post's key is computed exactly as before series existed, so
    /// older histories keep matching.
    /// </summary>
    internal sealed class StatusIdentity
    {
        private const int HashChunkBytes = 256 * 1024;

        private StatusIdentity(string instanceId, string kind, string sha256, string? caption, string source, DateTimeOffset? occurrence)
        {
            InstanceId = instanceId;
            Kind = kind;
            Sha256 = sha256;
            Caption = caption;
            Source = source;
            Occurrence = occurrence?.ToUniversalTime();
            // The occurrence joins the kind's part, which no kind name shares (none has a space), so no single post's key can equal it.
            string kindPart = Occurrence.HasValue ? kind + " at " + OccurrenceText(Occurrence.Value) : kind;
            using (var sha = SHA256.Create())
            {
                // Newlines separate the parts: none can contain one except the caption, which comes last.
                Key = HistoryKey.FromHash(sha.ComputeHash(Encoding.UTF8.GetBytes(instanceId + "\n" + kindPart + "\n" + sha256 + "\n" + (caption ?? string.Empty))));
            }
        }

        private StatusIdentity(HistoryKey key, StatusHistoryEntry entry)
        {
            Key = key;
            InstanceId = entry.InstanceId;
            Kind = entry.Kind;
            Sha256 = entry.Sha256;
            Caption = entry.Caption;
            Source = entry.Source ?? string.Empty;
            Occurrence = entry.Occurrence;
        }

        public HistoryKey Key { get; }

        public string InstanceId { get; }

        public string Kind { get; }

        public string Sha256 { get; }

        public string? Caption { get; }

        public string Source { get; }

        /// <summary>For a repeating row: the occurrence (UTC), part of the key; null for a single post.</summary>
        public DateTimeOffset? Occurrence { get; }

        /// <summary>An occurrence as the key and the history file write it: UTC, to the second.</summary>
        public static string OccurrenceText(DateTimeOffset occurrence) =>
            occurrence.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>The identity a history entry records, with its key as written, to add a later state of that status.</summary>
        public static StatusIdentity Recorded(StatusHistoryEntry entry) =>
            HistoryKey.TryParse(entry.Key, out HistoryKey key)
                ? new StatusIdentity(key, entry)
                : throw new ArgumentException("A history entry without a valid key: line " + entry.LineNumber, nameof(entry));

        /// <summary>The identity of a validated post; reads a file's bytes once to hash them.</summary>
        /// <param name="occurrence">For a repeating row, the occurrence this status is; null for a single post.</param>
        public static StatusIdentity Of(string instanceId, StatusPost post, DateTimeOffset? occurrence = null)
        {
            switch (post)
            {
                case TextStatusPost text:
                    return new StatusIdentity(instanceId, "text", Hash(Encoding.UTF8.GetBytes(text.Message)), null,
                        string.Format(CultureInfo.InvariantCulture, "Text ({0:N0} characters)", text.Message.Length), occurrence);
                case MediaStatusPost media when media.Media.Link != null:
                    return new StatusIdentity(instanceId, media.Kind.Noun, Hash(Encoding.UTF8.GetBytes(media.Media.Link)), media.Caption, WithoutQuery(media.Media.Link), occurrence);
                case MediaStatusPost media:
                    return new StatusIdentity(instanceId, media.Kind.Noun, HashContent(media), media.Caption, media.Media.Source, occurrence);
                default:
                    throw new ArgumentException("A status post of an unknown kind: " + post.GetType().Name, nameof(post));
            }
        }

        private static string HashContent(MediaStatusPost media)
        {
            try
            {
                using (Stream content = media.Media.OpenContent())
                {
                    return Sha256Text.Of(HashInChunks(content));
                }
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                throw new ZApiException(media.Kind.UnreadableId,
                    $"Cannot read the {media.Kind.Noun} '{media.Media.Source}' to look it up in the status history: {ex.Message} Close any program that holds it open and check that you may read it.", ex);
            }
        }

        /// <summary>
        /// Large reads: the content stream has no buffer of its own, and HashAlgorithm.ComputeHash(Stream) reads 4 KB at a
        /// time, which made hashing a 2 MB photo cost more than posting it on a fast link.
        /// </summary>
        private static byte[] HashInChunks(Stream content)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(HashChunkBytes);
            try
            {
                using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    int read;
                    while ((read = content.Read(buffer, 0, HashChunkBytes)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                    }

                    return sha.GetHashAndReset();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static string Hash(byte[] bytes)
        {
            using (var sha = SHA256.Create())
            {
                return Sha256Text.Of(sha.ComputeHash(bytes));
            }
        }

        /// <summary>A link as the history shows it: a query or user info may hold a signature or a password, so both go.</summary>
        private static string WithoutQuery(string link)
        {
            var uri = new Uri(link);
            string shown = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return string.IsNullOrEmpty(uri.Query) ? shown : shown + "?…";
        }
    }
}
