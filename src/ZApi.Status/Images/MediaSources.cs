using System;
using System.Globalization;
using System.IO;
using System.Security;

namespace ZApi.Status.Images
{
    /// <summary>
    /// Turns each kind of input (a file path, a link, Base64 text) into a validated <see cref="MediaSource"/> of one
    /// <see cref="MediaKind"/>, or throws a <see cref="ZApiException"/> whose id and message say what is wrong and
    /// what to do.
    /// </summary>
    internal static class MediaSources
    {
        /// <summary>A file already resolved to a full file-system path.</summary>
        public static MediaSource FromFile(MediaKind kind, string fullPath, long maximumBytes)
        {
            if (Directory.Exists(fullPath))
            {
                throw new ZApiException(ZApiErrorId.PathIsDirectory,
                    $"'{fullPath}' is a directory, not {kind.WithArticle} file. Pipe its files instead: Get-ChildItem '{fullPath}' -File | Send-ZApi{kind.Title}Status.");
            }

            var file = new FileInfo(fullPath);
            if (!file.Exists)
            {
                throw new ZApiException(ZApiErrorId.ImageNotFound, $"Cannot find the {kind.Noun} file '{fullPath}'. Check the path and try again.");
            }

            CheckSize(kind, fullPath, file.Length, maximumBytes);

            var header = new byte[kind.HeaderLength];
            int headerLength;
            try
            {
                using (var stream = OpenFile(fullPath))
                {
                    headerLength = ReadUpTo(stream, header, header.Length);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException)
            {
                throw new ZApiException(ZApiErrorId.ImageUnreadable,
                    $"Cannot read the {kind.Noun} file '{fullPath}': {ex.Message} Close any program that holds it open and check that you may read it.", ex);
            }

            string mimeType = SniffOrThrow(kind, fullPath, header.AsSpan(0, headerLength));
            return MediaSource.ForContent(fullPath, mimeType, file.Length, () => OpenFile(fullPath));
        }

        /// <summary>An absolute http(s) link, which Z-API fetches itself.</summary>
        public static MediaSource FromUri(MediaKind kind, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)
                || !Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ZApiException(ZApiErrorId.InvalidImageUri,
                    $"'{text}' is not an absolute http or https link. Pass a link such as https://example.org/{kind.Noun}.{kind.ExampleExtension}, or use -Path for a local file.");
            }

            return MediaSource.ForLink(uri.AbsoluteUri);
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

            string mimeType = SniffOrThrow(kind, source, bytes);
            return MediaSource.ForContent(source, mimeType, bytes.LongLength, () => new MemoryStream(bytes, writable: false));
        }

        private static void CheckSize(MediaKind kind, string source, long length, long maximumBytes)
        {
            if (length == 0)
            {
                throw new ZApiException(ZApiErrorId.ImageEmpty, $"The {kind.Noun} '{source}' is empty (0 bytes). Pass {kind.WithArticle} file with content.");
            }

            if (length > maximumBytes)
            {
                throw new ZApiException(kind.TooLargeId,
                    string.Format(CultureInfo.InvariantCulture,
                        "The {0} '{1}' is {2:N0} bytes, over the limit of {3:N0} bytes. Make it smaller, or raise -Maximum{4}Bytes if Z-API accepts it.",
                        kind.Noun, source, length, maximumBytes, kind.Title));
            }
        }

        private static string SniffOrThrow(MediaKind kind, string source, ReadOnlySpan<byte> header)
        {
            string? mimeType = kind.DetectMimeType(header);
            if (mimeType != null)
            {
                return mimeType;
            }

            string? known = kind.DescribeUnsupported(header);
            string what = known != null ? $"is a {known} file" : $"is not one of {kind.SupportedTypes}";
            throw new ZApiException(kind.UnsupportedTypeId, $"'{source}' {what}. {kind.AdviceFor(known)}");
        }

        private static FileStream OpenFile(string fullPath) =>
            // bufferSize 1 turns FileStream's own buffer off: the body writer reads large chunks itself.
            new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

        /// <summary>Reads until <paramref name="count"/> bytes or the end; returns how many it got.</summary>
        internal static int ReadUpTo(Stream stream, byte[] buffer, int count)
        {
            int total = 0;
            int read;
            while (total < count && (read = stream.Read(buffer, total, count - total)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
