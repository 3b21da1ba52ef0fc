using System;

namespace ZApi.Status
{
    /// <summary>
    /// A failure the user can act on: it carries a documented error id, the HTTP status when Z-API answered,
    /// and a message that never holds a secret (the client redacts before it constructs one).
    /// </summary>
    public sealed class ZApiException : Exception
    {
        public ZApiException(ZApiErrorId errorId, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
        }

        public ZApiException(ZApiErrorId errorId, string message, int statusCode)
            : base(message)
        {
            ErrorId = errorId;
            StatusCode = statusCode;
        }

        private ZApiException(ZApiErrorId errorId, string message, int? statusCode, Exception? innerException)
            : base(message, innerException)
        {
            ErrorId = errorId;
            StatusCode = statusCode;
        }

        public ZApiErrorId ErrorId { get; }

        /// <summary>The HTTP status Z-API answered with, or null when no answer arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>The same failure, its message led by the input it happened to, for a message that cannot name it itself.</summary>
        internal ZApiException About(string input) => new ZApiException(ErrorId, input + ": " + Message, StatusCode, InnerException);
    }
}
