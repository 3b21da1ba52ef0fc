using System;
using System.IO;
using System.Security;

namespace ZApi.Shared.Files
{
    /// <summary>
    /// What the file system throws for a path that cannot be used: missing, locked, refused, unsupported or malformed.
    /// One list, so every caller that turns them into its own error catches the same ones and lets the rest go on.
    /// </summary>
    internal static class FileSystemFailure
    {
        public static bool Is(Exception exception) =>
            exception is IOException
            || exception is UnauthorizedAccessException
            || exception is SecurityException
            || exception is NotSupportedException
            || exception is ArgumentException;
    }
}
