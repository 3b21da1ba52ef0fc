using System.IO;

namespace ZApi.Shared.Files
{
    /// <summary>The path names a FIFO, socket or device: there is no fixed content to read.</summary>
    internal sealed class NotRegularFileException : IOException
    {
        public NotRegularFileException(string fullPath)
            : base("It is not a regular file (a pipe, socket or device), so it has no fixed content to read.")
        {
            FullPath = fullPath;
        }

        public string FullPath { get; }
    }
}
