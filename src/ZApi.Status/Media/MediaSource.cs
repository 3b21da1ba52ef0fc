using System;
using System.Globalization;
using System.IO;
using ZApi.Shared.Files;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.Media
{
    /// <summary>
    /// One validated image or video to post: either bytes we send ourselves as a data URI (a file or decoded Base64),
    /// or a link that Z-API fetches. The factories turn each kind of input into one, or throw a
    /// <see cref="ZApiException"/> whose id and message say what is wrong and what to do. Validation happens once,
    /// before ShouldProcess, so -WhatIf reports every bad input.
    /// </summary>
    internal sealed class MediaSource
    {
        private readonly Func<Stream>? _openContent;
        private readonly Func<Exception, ZApiException>? _contentFailed;

        private MediaSource(string source, string? mimeType, long? byteCount, string? link, Func<Stream>? openContent,
            Func<Exception, ZApiException>? contentFailed = null, string? postedPath = null)
        {
            PostedPath = postedPath;
            _contentFailed = contentFailed;
            Source = source;
            MimeType = mimeType;
            ByteCount = byteCount;
            Link = link;
            _openContent = openContent;
        }

        /// <summary>Full path, URI, or a short description of inline Base64: what the result's Source shows.</summary>
        public string Source { get; }

        /// <summary>The file whose bytes are posted when <see cref="Source"/> names another (the original of a converted copy).</summary>
        public string? PostedPath { get; }

        /// <summary>The sniffed mime type; null for a link, whose content Z-API fetches itself.</summary>
        public string? MimeType { get; }

        /// <summary>The content's size; null for a link.</summary>
        public long? ByteCount { get; }

        /// <summary>The http(s) link passed to Z-API as is, or null when we send the bytes.</summary>
        public string? Link { get; }

        // The link goes to Z-API as given (it needs any user:password or signature in it); what is shown has them masked.
        private static MediaSource ForLink(string link) => new MediaSource(UriSecretMask.Apply(link), null, null, link, null);

        /// <summary>Bytes already checked by the caller; the factories below check them for a cmdlet's input.</summary>
        /// <param name="contentFailed">The input's own error for a failure to open or read the bytes while sending; null when they cannot fail.</param>
        internal static MediaSource ForContent(string source, string mimeType, long byteCount, Func<Stream> openContent,
            Func<Exception, ZApiException>? contentFailed = null) =>
            new MediaSource(source, mimeType, byteCount, null, openContent, contentFailed);

        /// <summary>
        /// The same bytes, named by the file the user knows: a converted copy's original, shown in results, messages and
        /// the history in place of the copy's content-addressed name. Null or empty leaves the name as it is.
        /// </summary>
        public MediaSource ShownAs(string? original) =>
            string.IsNullOrEmpty(original) || original == Source
                ? this
                : new MediaSource(original!, MimeType, ByteCount, Link, _openContent, _contentFailed, Source);

        /// <summary>
        /// The same source, whose content fails to read in full (so no request body completes) unless it still hashes
        /// to <paramref name="sha256"/>, the hash the status history identified it by. A link is returned as it is.
        /// </summary>
        public MediaSource Pinned(string sha256)
        {
            if (_openContent == null)
            {
                return this;
            }

            Func<Stream> open = _openContent;
            long length = ByteCount!.Value;
            return new MediaSource(Source, MimeType, ByteCount, Link, () => new ContentHashCheckingStream(open(), length, sha256), _contentFailed, PostedPath);
        }

        /// <summary>Opens the bytes afresh; each request attempt reads them again.</summary>
        public Stream OpenContent() =>
            (_openContent ?? throw new InvalidOperationException("A link has no content to open."))();

        /// <summary>The input's error for bytes that could not be read in full while sending: nothing complete was posted.</summary>
        public ZApiException ContentFailed(Exception cause) =>
            _contentFailed?.Invoke(cause)
            ?? new ZApiException(ZApiErrorId.ZApiRequestFailed, $"The content of '{Source}' could not be read while it was being sent ({cause.Message}). Nothing was posted.", cause);

        /// <summary>What -WhatIf and -Confirm name: the source, its type and its size.</summary>
        public string Describe() =>
            Link != null
                ? Source
                : string.Format(CultureInfo.CurrentCulture, "{0} ({1}, {2:N0} bytes)", Source, MimeType, ByteCount);

        /// <summary>
        /// A file already resolved to a full file-system path. A link is followed to its final target, which must be
        /// a regular file; size and header come from one open handle, and each send checks that the size still holds.
        /// </summary>
        public static MediaSource FromFile(MediaKind kind, string fullPath, long maximumBytes)
        {
            long length;
            string mimeType;
            try
            {
                using (FileStream stream = InputFile.OpenRead(fullPath, kind.Wording))
                {
                    length = stream.Length;
                    CheckSize(kind, fullPath, length, maximumBytes);
                    mimeType = CheckContent(kind, fullPath, stream);
                }
            }
            catch (InputFileException ex)
            {
                throw kind.ErrorFor(ex);
            }
            catch (Exception ex) when (!(ex is ZApiException))
            {
                throw new ZApiException(kind.UnreadableId,
                    $"Cannot read the {kind.Noun} file '{fullPath}': {ex.Message} Close any program that holds it open and check that you may read it.", ex);
            }

            return ForContent(fullPath, mimeType, length, () => OpenUnchanged(fullPath, length),
                ex => new ZApiException(kind.UnreadableId,
                    $"The {kind.Noun} file '{fullPath}' changed, vanished or became unreadable before it was completely sent ({ex.Message}). Nothing was posted: send it again when the file is ready.",
                    ex));
        }

        /// <summary>An absolute http(s) link, which Z-API fetches itself.</summary>
        public static MediaSource FromUri(MediaKind kind, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)
                || !Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ZApiException(kind.InvalidUriId,
                    $"'{UriSecretMask.Apply(text)}' is not an absolute http or https link. Pass a link such as https://example.org/{kind.Noun}.{kind.ExampleExtension}, or use -Path for a local file.");
            }

            return ForLink(uri.AbsoluteUri);
        }

        /// <summary>A data URI (data:image/png;base64,...) or bare Base64, whose type is sniffed from the decoded bytes.</summary>
        public static MediaSource FromBase64(MediaKind kind, string? text, long maximumBytes)
        {
            string payload = text ?? string.Empty;
            string? declaredType = null;
            if (payload.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                int comma = payload.IndexOf(',');
                string header = comma < 0 ? payload : payload.Substring(5, comma - 5);
                if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ZApiException(ZApiErrorId.InvalidBase64,
                        "The data URI is not of the form data:<mime type>;base64,<data>. Pass such a URI or bare Base64 text.");
                }

                declaredType = header.Substring(0, header.Length - ";base64".Length);
                payload = payload.Substring(comma + 1);
            }

            // Sized from the text before it is decoded: a 120 MB string must not become 90 MB of bytes to be refused.
            long expected = DecodedLength(payload);
            if (expected > maximumBytes)
            {
                CheckSize(kind, string.Format(CultureInfo.InvariantCulture, "Base64 ({0:N0} bytes)", expected), expected, maximumBytes);
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(payload);
            }
            catch (FormatException)
            {
                throw new ZApiException(ZApiErrorId.InvalidBase64,
                    $"The Base64 text ({payload.Length:N0} characters) cannot be decoded. Pass a data URI or Base64 text such as [Convert]::ToBase64String([IO.File]::ReadAllBytes($path)) produces.");
            }

            string source = string.Format(CultureInfo.InvariantCulture, "Base64 ({0:N0} bytes)", bytes.LongLength);
            CheckSize(kind, source, bytes.LongLength, maximumBytes);

            if (declaredType != null && !declaredType.StartsWith(kind.Noun + "/", StringComparison.OrdinalIgnoreCase))
            {
                throw new ZApiException(kind.UnsupportedTypeId,
                    $"The data URI declares the type '{declaredType}', which is not {kind.WithArticle}. {kind.AdviceFor(null)}");
            }

            string mimeType;
            using (var content = new MemoryStream(bytes, writable: false))
            {
                mimeType = CheckContent(kind, source, content);
            }

            return ForContent(source, mimeType, bytes.LongLength, () => new MemoryStream(bytes, writable: false));
        }

        /// <summary>The bytes that Base64 text decodes to, counted without decoding: whitespace skipped, padding subtracted.</summary>
        internal static long DecodedLength(string text)
        {
            long characters = 0;
            int padding = 0;
            foreach (char c in text)
            {
                if (c == '=')
                {
                    padding++;
                }
                else if (!char.IsWhiteSpace(c))
                {
                    characters++;
                    padding = 0;
                }
            }

            return (characters + padding) / 4 * 3 - Math.Min(padding, 2);
        }

        private static void CheckSize(MediaKind kind, string source, long length, long maximumBytes)
        {
            if (length == 0)
            {
                throw new ZApiException(kind.EmptyId, $"The {kind.Noun} '{source}' is empty (0 bytes). Pass {kind.WithArticle} file with content.");
            }

            if (length > maximumBytes)
            {
                throw new ZApiException(kind.TooLargeId,
                    string.Format(CultureInfo.InvariantCulture,
                        "The {0} '{1}' is {2:N0} bytes, over the limit of {3:N0} bytes. Make it smaller, or raise -Maximum{4}Bytes if Z-API accepts it.",
                        kind.Noun, source, length, maximumBytes, kind.Title));
            }
        }

        /// <summary>The mime type of <paramref name="content"/> (seekable, at its start), or this kind's error for content a status cannot carry.</summary>
        private static string CheckContent(MediaKind kind, string source, Stream content)
        {
            MediaFormat? format = MediaSniffer.Detect(content);
            string? mimeType = kind.MimeTypeOf(format);
            if (mimeType == null)
            {
                // The advice names the supported types; the first sentence only says what the content is.
                string what = format != null ? $"is {format.Description}" : $"is not {kind.WithArticle} that a status can carry";
                throw new ZApiException(kind.UnsupportedTypeId, $"'{source}' {what}. {kind.AdviceFor(format)}");
            }

            content.Position = 0;
            string? defect = kind.FindDefect(format!, content);
            if (defect != null)
            {
                throw new ZApiException(kind.UnsupportedTypeId, $"'{source}' is not a playable {format!.Name} {kind.Noun}: {defect}. {kind.DefectAdvice}");
            }

            return mimeType;
        }

        /// <summary>Opens the file again for a request attempt, refusing it when it is no longer the size that was checked.</summary>
        private static FileStream OpenUnchanged(string fullPath, long length)
        {
            FileStream stream = RegularFile.OpenRead(fullPath);
            if (stream.Length != length)
            {
                stream.Dispose();
                throw new IOException(string.Format(CultureInfo.InvariantCulture, "it is now {0:N0} bytes, not {1:N0}", stream.Length, length));
            }

            return stream;
        }

        /// <summary>Reads until <paramref name="count"/> bytes or the end; returns how many it got.</summary>
        internal static int ReadUpTo(Stream stream, byte[] buffer, int count) => StreamBytes.ReadUpTo(stream, buffer, count);
    }
}
