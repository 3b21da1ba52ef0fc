using System;

namespace ZApi.Status.MediaModule
{
    /// <summary>A failure with one of the documented error ids and a message that says what to do.</summary>
    public sealed class MediaException : Exception
    {
        public MediaException(MediaErrorId errorId, string message, Exception? innerException = null, bool stopsTheBatch = false)
            : base(message, innerException)
        {
            ErrorId = errorId;
            StopsTheBatch = stopsTheBatch;
        }

        public MediaErrorId ErrorId { get; }

        /// <summary>True when every later input would fail the same way (no ffmpeg, a folder that cannot be written), so the cmdlet stops at once.</summary>
        public bool StopsTheBatch { get; }
    }
}
