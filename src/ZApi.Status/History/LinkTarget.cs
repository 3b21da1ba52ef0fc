using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using Microsoft.Win32.SafeHandles;
using ZApi.Shared.Files;

namespace ZApi.Status.History
{
    /// <summary>
    /// The file a symbolic link (or a chain of them) ends at, so that every spelling of one history, the link and the
    /// real path, takes one lock file beside the real one. netstandard2.0 cannot resolve links (ResolveLinkTarget came
    /// with .NET 6), so the system does: realpath on Linux and macOS, GetFinalPathNameByHandle on Windows.
    /// </summary>
    internal static class LinkTarget
    {
        private const int PathBufferBytes = 8192;

        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// The final target when <paramref name="path"/> is a link to an existing file; otherwise, or when it cannot be
        /// resolved, the path as given (a history not created yet, in a folder that is a link, is found through that
        /// folder by every spelling alike).
        /// </summary>
        public static string Resolve(string path)
        {
            try
            {
                if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0)
                {
                    return path;
                }

                return (IsWindows ? FinalPathOnWindows(path) : RealPath(path)) ?? path;
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex) || ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return path;
            }
        }

        private static string? RealPath(string path)
        {
            // A buffer of PATH_MAX or more (4096 on Linux, 1024 on macOS), so nothing is allocated on the C side to free.
            byte[] name = Encoding.UTF8.GetBytes(path + "\0");
            var resolved = new byte[PathBufferBytes];
            IntPtr result;
            try
            {
                result = GlibcRealPath(name, resolved);
            }
            catch (DllNotFoundException)
            {
                result = LibcRealPath(name, resolved);
            }

            if (result == IntPtr.Zero)
            {
                return null;
            }

            int length = Array.IndexOf(resolved, (byte)0);
            return length > 0 ? Encoding.UTF8.GetString(resolved, 0, length) : null;
        }

        private static string? FinalPathOnWindows(string path)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
            {
                var final = new StringBuilder(1024);
                uint length = GetFinalPathNameByHandle(file.SafeFileHandle, final, (uint)final.Capacity, 0);
                if (length >= final.Capacity)
                {
                    final = new StringBuilder((int)length + 1);
                    length = GetFinalPathNameByHandle(file.SafeFileHandle, final, (uint)final.Capacity, 0);
                }

                if (length == 0 || length >= final.Capacity)
                {
                    return null;
                }

                // \\?\C:\folder\file or \\?\UNC\server\share\file: the forms a user writes are C:\... and \\server\share\...
                string text = final.ToString(0, (int)length);
                return text.StartsWith(@"\\?\UNC\", StringComparison.OrdinalIgnoreCase) ? @"\\" + text.Substring(8)
                    : text.StartsWith(@"\\?\", StringComparison.Ordinal) ? text.Substring(4)
                    : text;
            }
        }

        [DllImport("libc.so.6", EntryPoint = "realpath", SetLastError = true)]
        private static extern IntPtr GlibcRealPath(byte[] path, byte[] resolved);

        [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
        private static extern IntPtr LibcRealPath(byte[] path, byte[] resolved);

        [DllImport("kernel32.dll", EntryPoint = "GetFinalPathNameByHandleW", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern uint GetFinalPathNameByHandle(SafeFileHandle file, StringBuilder path, uint length, uint flags);
    }
}
