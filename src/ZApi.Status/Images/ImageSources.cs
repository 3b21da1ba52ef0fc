using System;
using System.Globalization;
using System.IO;
using System.Security;

namespace ZApi.Status.Images
{
    /// <summary>
    /// Turns each kind of input (a file path, a link, Base64 text) into a validated <see cref="ImageSource"/>, or
    /// throws a <see cref="ZApiException"/> whose id and message say what is wrong and what to do.
    /// </summary>
    internal static class ImageSources
    {
        public const long DefaultMaximumImageBytes = 16 * 1024 * 1024;

        /// <summary>A file already resolved to a full file-system path.</summary>
        public static ImageSource FromFile(string fullPath, long maximumBytes)
        {
            if (Directory.Exists(fullPath))
            {
                throw new ZApiException(ZApiErrorId.PathIsDirectory,
                    $"'{fullPath}' is a directory, not an image file. Pipe its files instead: Get-ChildItem '{fullPath}' -File | Send-ZApiImageStatus.");
            }

            var file = new FileInfo(fullPath);
            if (!file.Exists)
            {
                throw new ZApiException(ZApiErrorId.ImageNotFound, $"Cannot find the image file '{fullPath}'. Check the path and try again.");
            }

            CheckSize(fullPath, file.Length, maximumBytes);

            var header = new byte[ImageSniffer.HeaderLength];
            int headerLength;
            try
            {
                using (var stream = OpenFile(fullPath))
                {
                    headerLength = ReadUpTo(stream, header);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException)
            {
                throw new ZApiException(ZApiErrorId.ImageUnreadable,
                    $"Cannot read the image file '{fullPath}': {ex.Message} Close any program that holds it open and check that you may read it.", ex);
            }

            string mimeType = SniffOrThrow(fullPath, header.AsSpan(0, headerLength));
            return ImageSource.ForContent(fullPath, mimeType, file.Length, () => OpenFile(fullPath));
        }

        /// <summary>An absolute http(s) link, which Z-API fetches itself.</summary>
        public static ImageSource FromUri(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)
                || !Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ZApiException(ZApiErrorId.InvalidImageUri,
                    $"'{text}' is not an absolute http or https link. Pass a link such as https://example.org/image.png, or use -Path for a local file.");
            }

            return ImageSource.ForLink(uri.AbsoluteUri);
        }

        /// <summary>A data URI (data:image/png;base64,...) or bare Base64, whose type is sniffed from the decoded bytes.</summary>
        public static ImageSource FromBase64(string? text, long maximumBytes)
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
            CheckSize(source, bytes.LongLength, maximumBytes);

            if (declaredType != null && !declaredType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                throw new ZApiException(ZApiErrorId.UnsupportedImageType,
                    $"The data URI declares the type '{declaredType}', which is not an image. Pass a JPEG, PNG, WebP or GIF image.");
            }

            string mimeType = SniffOrThrow(source, bytes);
            return ImageSource.ForContent(source, mimeType, bytes.LongLength, () => new MemoryStream(bytes, writable: false));
        }

        private static void CheckSize(string source, long length, long maximumBytes)
        {
            if (length == 0)
            {
                throw new ZApiException(ZApiErrorId.ImageEmpty, $"The image '{source}' is empty (0 bytes). Pass an image file with content.");
            }

            if (length > maximumBytes)
            {
                throw new ZApiException(ZApiErrorId.ImageTooLarge,
                    string.Format(CultureInfo.InvariantCulture,
                        "The image '{0}' is {1:N0} bytes, over the limit of {2:N0} bytes. Make it smaller, or raise -MaximumImageBytes if Z-API accepts it.",
                        source, length, maximumBytes));
            }
        }

        private static string SniffOrThrow(string source, ReadOnlySpan<byte> header)
        {
            string? mimeType = ImageSniffer.DetectMimeType(header);
            if (mimeType != null)
            {
                return mimeType;
            }

            string? known = ImageSniffer.DescribeUnsupported(header);
            string what = known != null ? $"is a {known} file" : "is not a JPEG, PNG, WebP or GIF image";
            string advice = known == "HEIC"
                ? " WhatsApp does not take HEIC: convert it to JPEG first (iPhone: Settings > Camera > Formats > Most Compatible)."
                : " Only JPEG, PNG, WebP and GIF can be posted; the type is read from the content, not the extension.";
            throw new ZApiException(ZApiErrorId.UnsupportedImageType, $"'{source}' {what}.{advice}");
        }

        private static FileStream OpenFile(string fullPath) =>
            // bufferSize 1 turns FileStream's own buffer off: the body writer reads large chunks itself.
            new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

        internal static int ReadUpTo(Stream stream, byte[] buffer)
        {
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
