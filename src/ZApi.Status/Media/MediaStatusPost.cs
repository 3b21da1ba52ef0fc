using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.RegularExpressions;
using ZApi.Status.Client;

namespace ZApi.Status.Media
{
    /// <summary>send-image-status or send-video-status: {"image"|"video": link or data URI, "caption"?}.</summary>
    internal sealed class MediaStatusPost : StatusPost
    {
        private readonly MediaKind _kind;

        public MediaStatusPost(MediaKind kind, MediaSource media, string? caption)
        {
            UnicodeText.Check(caption, "caption");
            _kind = kind;
            Media = media;
            // An empty CSV cell means no caption, as Z-API's "caption omitted" does.
            Caption = string.IsNullOrEmpty(caption) ? null : caption;
        }

        public MediaKind Kind => _kind;

        public MediaSource Media { get; }

        public string? Caption { get; }

        public override string Action => _kind.Action;

        /// <summary>The source with its type and size, and the caption on one line, so -WhatIf and -Confirm show what the contacts would see.</summary>
        public override string Describe() =>
            Caption == null ? Media.Describe() : Media.Describe() + " with caption \"" + Regex.Replace(Caption, @"\s+", " ") + "\"";

        public override HttpContent CreateContent(Action<long, long>? bytesSent)
        {
            var caption = new KeyValuePair<string, string?>("caption", Caption);
            return Media.Link != null
                ? JsonBody.Content(new[] { new KeyValuePair<string, string?>(_kind.Noun, Media.Link), caption })
                : new DataUriJsonContent(_kind.Noun, Media.MimeType!, Media.ByteCount!.Value, Media.OpenContent, new[] { caption }, bytesSent, Media.ContentFailed);
        }

        /// <summary>The same status, whose bytes must hash to <paramref name="contentSha256"/> for its body to complete; a link's is unchanged.</summary>
        public override StatusPost Pinned(string contentSha256) =>
            Media.Link != null ? this : new MediaStatusPost(_kind, Media.Pinned(contentSha256), Caption);

        public override long ContentByteCount => Media.ByteCount ?? 0;

        public override StatusResult ToResult(QueuedStatus? queued, DateTimeOffset? sentAt) =>
            _kind.CreateResult(Media, Caption, queued?.ZaapId, queued?.MessageId, sentAt);
    }
}
