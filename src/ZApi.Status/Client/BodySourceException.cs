using System.IO;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Thrown by a request body whose source failed (a file that vanished, shrank or became unreadable) before the
    /// body was complete. The Content-Length is on the wire, so the server drops the short request: nothing was
    /// posted, and the failure is the input's own, which <see cref="ZApiClient"/> reports instead of a network error.
    /// </summary>
    internal sealed class BodySourceException : IOException
    {
        public BodySourceException(ZApiException failure)
            : base(failure.Message, failure)
        {
            Failure = failure;
        }

        /// <summary>The input's error, as its validation would have reported it.</summary>
        public ZApiException Failure { get; }
    }
}
