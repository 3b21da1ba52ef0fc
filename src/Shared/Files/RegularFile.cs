using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

// src/Shared is compiled into both modules as internal code; this folder uses only the base class library.
namespace ZApi.Shared.Files
{
    /// <summary>
    /// Opens a media file for reading, following symbolic links to their final target, and refuses anything that is
    /// not a regular file. On Linux and macOS the open is non-blocking: opening a FIFO for reading otherwise waits
    /// for a writer forever, on the pipeline thread, where Ctrl+C cannot reach it. The caller takes the size and the
    /// header from the one stream returned, so a link, a mount or a swap between two looks cannot make them disagree.
    /// </summary>
    internal static class RegularFile
    {
        private const int ReadOnly = 0;
        private const int NoSuchFile = 2;
        private const int PermissionDenied = 13;
        private const int NotPermitted = 1;

        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private static readonly bool IsMacOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        /// <summary>A stream over the file's content; throws <see cref="NotRegularFileException"/> for a FIFO, socket or device.</summary>
        /// <param name="bufferSize">FileStream's own buffer: 1 turns it off, for a reader that reads large chunks itself.</param>
        public static FileStream OpenRead(string fullPath, int bufferSize = 1)
        {
            FileStream stream = IsWindows
                ? new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan)
                : OpenNonBlocking(fullPath, bufferSize);

            // Only a regular file (or a block device, which nobody pipes in) can seek; a FIFO, socket or terminal cannot.
            if (!stream.CanSeek)
            {
                stream.Dispose();
                throw new NotRegularFileException(fullPath);
            }

            return stream;
        }

        private static FileStream OpenNonBlocking(string fullPath, int bufferSize)
        {
            // O_NONBLOCK and O_CLOEXEC differ between Linux and the BSDs (macOS); O_NONBLOCK changes nothing for a regular file.
            int flags = ReadOnly | (IsMacOS ? 0x4 | 0x1000000 : 0x800 | 0x80000);
            // The C string of the path: UTF-8, as .NET names files on Unix, and NUL-terminated.
            byte[] path = Encoding.UTF8.GetBytes(fullPath + "\0");
            int descriptor = IsMacOS ? LibcOpen(path, flags) : LinuxOpen(path, flags);
            if (descriptor < 0)
            {
                int errno = Marshal.GetLastWin32Error();
                switch (errno)
                {
                    case NoSuchFile: throw new FileNotFoundException("The file does not exist (a link whose target is gone?).", fullPath);
                    case PermissionDenied:
                    case NotPermitted: throw new UnauthorizedAccessException("Access to the file is denied.");
                    default: throw new IOException("The file cannot be opened (error " + errno + ").", errno);
                }
            }

            var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
            try
            {
                // The shared advisory lock that .NET takes for FileShare.Read, so a file another process opened with
                // FileShare.None is refused here as it is by every .NET reader.
                const int SharedLock = 1, NoWait = 4;
                if ((IsMacOS ? LibcLock(descriptor, SharedLock | NoWait) : LinuxLock(descriptor, SharedLock | NoWait)) != 0)
                {
                    throw new IOException("The file is being used by another process.");
                }

                return new FileStream(handle, FileAccess.Read, bufferSize);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        private static int LinuxOpen(byte[] path, int flags)
        {
            try
            {
                return GlibcOpen(path, flags);
            }
            catch (DllNotFoundException)
            {
                // musl (Alpine) has no libc.so.6; its C library answers to "libc".
                return LibcOpen(path, flags);
            }
        }

        private static int LinuxLock(int descriptor, int operation)
        {
            try
            {
                return GlibcLock(descriptor, operation);
            }
            catch (DllNotFoundException)
            {
                return LibcLock(descriptor, operation);
            }
        }

        [DllImport("libc.so.6", EntryPoint = "flock", SetLastError = true)]
        private static extern int GlibcLock(int descriptor, int operation);

        [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
        private static extern int LibcLock(int descriptor, int operation);

        [DllImport("libc.so.6", EntryPoint = "open", SetLastError = true)]
        private static extern int GlibcOpen(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int LibcOpen(byte[] path, int flags);
    }
}
