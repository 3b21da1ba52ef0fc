using System;
using System.Globalization;
using System.IO;

namespace ZApi.Status.Images
{
    /// <summary>
    /// One validated image or video to post: either bytes we send ourselves as a data URI (a file or decoded Base64),
    /// or a link that Z-API fetches. Validation happens once, before ShouldProcess, so -WhatIf reports every bad input.
    /// </summary>
    internal sealed class MediaSource
    {
        private readonly Func<Stream>? _openContent;

        private MediaSource(string source, string? mimeType, long? byteCount, string? link, Func<Stream>? openContent)
        {
            Source = source;
            MimeType = mimeType;
            ByteCount = byteCount;
            Link = link;
            _openContent = openContent;
        }

        /// <summary>Full path, URI, or a short description of inline Base64: what the result's Source shows.</summary>
        public string Source { get; }

        /// <summary>The sniffed mime type; null for a link, whose content Z-API fetches itself.</summary>
        public string? MimeType { get; }

        /// <summary>The content's size; null for a link.</summary>
        public long? ByteCount { get; }

        /// <summary>The http(s) link passed to Z-API as is, or null when we send the bytes.</summary>
        public string? Link { get; }

        public static MediaSource ForLink(string link) => new MediaSource(link, null, null, link, null);

        public static MediaSource ForContent(string source, string mimeType, long byteCount, Func<Stream> openContent) =>
            new MediaSource(source, mimeType, byteCount, null, openContent);

        /// <summary>Opens the bytes afresh; each request attempt reads them again.</summary>
        public Stream OpenContent() =>
            (_openContent ?? throw new InvalidOperationException("A link has no content to open."))();

        /// <summary>What -WhatIf and -Confirm name: the source, its type and its size.</summary>
        public string Describe() =>
            Link != null
                ? Link
                : string.Format(CultureInfo.CurrentCulture, "{0} ({1}, {2:N0} bytes)", Source, MimeType, ByteCount);
    }
}
