using System;
using System.Net.Http;

namespace ZApi.Status.Client
{
    /// <summary>One status to post: the Z-API action it goes to, a body made afresh for each attempt, and its result.</summary>
    internal abstract class StatusPost
    {
        /// <summary>The last segment of the route, such as send-image-status.</summary>
        public abstract string Action { get; }

        /// <summary>What -WhatIf and -Confirm name: the source or the start of the message, with its size.</summary>
        public abstract string Describe();

        /// <summary>A new body; HttpClient disposes content after a request, so a retry needs another.</summary>
        /// <param name="bytesSent">Told the media bytes sent so far and the media's length, for a progress bar; may be ignored.</param>
        public abstract HttpContent CreateContent(Action<long, long>? bytesSent);

        /// <summary>
        /// The same status, whose body cannot complete unless the media bytes read for it hash to
        /// <paramref name="contentSha256"/>: what the status history recorded is then what was sent. A post without media
        /// bytes of its own (text, a link) has nothing that can change, and is returned as it is.
        /// </summary>
        public virtual StatusPost Pinned(string contentSha256) => this;

        /// <summary>The result object the cmdlet emits once Z-API queued this status.</summary>
        public abstract StatusResult ToResult(QueuedStatus? queued, DateTimeOffset? sentAt);

        /// <summary>The bytes of media or message this status carries, for the batch summary.</summary>
        public abstract long ContentByteCount { get; }

        /// <summary>The result for an input this run did not post (not due yet, over -MaximumPostCount): no ids, no times.</summary>
        public StatusResult NotPosted(StatusOutcome outcome)
        {
            StatusResult result = ToResult(null, null);
            result.Outcome = outcome;
            return result;
        }
    }
}
