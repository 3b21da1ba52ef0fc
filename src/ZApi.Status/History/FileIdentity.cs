using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using ZApi.Shared.Files;

namespace ZApi.Status.History
{
    /// <summary>
    /// Whether a path still names the file that a handle has open: the device and inode on Linux and macOS, the volume
    /// and file index on Windows. Editors, sed -i, sync tools (OneDrive, Dropbox) and rotation with Move-Item save by
    /// renaming another file over the path; a handle opened before goes on reading and writing the file nobody sees any
    /// more. netstandard2.0 has no API for a file's identity, so the system is asked; where it cannot be (an unknown
    /// system, a C library without these calls) the answer is "the same file", which is what a handle assumed before.
    /// </summary>
    internal static class FileIdentity
    {
        private const int NoSuchFile = 2;
        private const int NotADirectory = 20;
        private const int AtCurrentDirectory = -100;
        private const int AtEmptyPath = 0x1000;
        private const uint StatxInode = 0x100;

        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static readonly bool IsMacOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        /// <summary>
        /// False when <paramref name="path"/> names no file, or another file than <paramref name="handle"/> has open; true
        /// when it names that file, or when this system cannot tell.
        /// </summary>
        public static bool IsFileAt(SafeFileHandle handle, string path)
        {
            try
            {
                Identity? open = Of(handle);
                if (open == null)
                {
                    return true;
                }

                Identity? named = Of(path);
                return named == null || named.Value.Equals(open.Value);
            }
            catch (FileNotFoundException)
            {
                return false;
            }
            catch (DirectoryNotFoundException)
            {
                return false;
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex) || ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return true;
            }
        }

        private static Identity? Of(SafeFileHandle handle)
        {
            if (IsWindows)
            {
                return OfWindowsHandle(handle);
            }

            bool added = false;
            handle.DangerousAddRef(ref added);
            try
            {
                return OfUnix((int)handle.DangerousGetHandle(), null);
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        /// <summary>The identity of the file <paramref name="path"/> names (links followed); throws FileNotFoundException when there is none.</summary>
        private static Identity? Of(string path)
        {
            if (!IsWindows)
            {
                return OfUnix(AtCurrentDirectory, path);
            }

            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
            {
                return OfWindowsHandle(file.SafeFileHandle);
            }
        }

        private static Identity? OfWindowsHandle(SafeFileHandle handle) =>
            GetFileInformationByHandle(handle, out FileInformation information)
                ? new Identity(information.VolumeSerialNumber, ((ulong)information.FileIndexHigh << 32) | information.FileIndexLow)
                : (Identity?)null;

        /// <summary>With a path, what it names relative to the working directory; without one, the file open as <paramref name="descriptor"/>.</summary>
        private static Identity? OfUnix(int descriptor, string? path)
        {
            // The C string of the path: UTF-8, as .NET names files on Unix, and NUL-terminated.
            byte[] name = Encoding.UTF8.GetBytes((path ?? string.Empty) + "\0");
            var status = new byte[256];
            if (IsLinux)
            {
                // statx's layout is one for every architecture: the inode at 32, the device's major and minor at 136 and 140.
                int flags = path == null ? AtEmptyPath : 0;
                if (TryStatx(descriptor, name, flags, status, out int result))
                {
                    return Succeeded(result) ? new Identity(((ulong)ReadUInt32(status, 136) << 32) | ReadUInt32(status, 140), ReadUInt64(status, 32)) : (Identity?)null;
                }

                // A C library without statx (musl before 1.2.5): the 64-bit kernel's stat has the device at 0, the inode at 8.
                if (IntPtr.Size != 8)
                {
                    return null;
                }

                result = path == null ? LibcFstat(descriptor, status) : LibcStat(name, status);
                return Succeeded(result) ? new Identity(ReadUInt64(status, 0), ReadUInt64(status, 8)) : (Identity?)null;
            }

            if (IsMacOS)
            {
                // The 64-bit inode stat (the only one on arm64; named $INODE64 on x64): a 32-bit device at 0, the inode at 8.
                bool x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
                int result = path == null
                    ? (x64 ? MacFstat64(descriptor, status) : LibcFstat(descriptor, status))
                    : (x64 ? MacStat64(name, status) : LibcStat(name, status));
                return Succeeded(result) ? new Identity(ReadUInt32(status, 0), ReadUInt64(status, 8)) : (Identity?)null;
            }

            return null;
        }

        private static bool TryStatx(int descriptor, byte[] name, int flags, byte[] status, out int result)
        {
            try
            {
                try
                {
                    result = GlibcStatx(descriptor, name, flags, StatxInode, status);
                }
                catch (DllNotFoundException)
                {
                    // musl (Alpine) has no libc.so.6; its C library answers to "libc".
                    result = LibcStatx(descriptor, name, flags, StatxInode, status);
                }

                return true;
            }
            catch (EntryPointNotFoundException)
            {
                result = -1;
                return false;
            }
        }

        /// <summary>True for a call that succeeded; throws FileNotFoundException when the path names nothing.</summary>
        private static bool Succeeded(int result)
        {
            if (result == 0)
            {
                return true;
            }

            int errno = Marshal.GetLastWin32Error();
            if (errno == NoSuchFile || errno == NotADirectory)
            {
                throw new FileNotFoundException("No file is at the history's path any more.");
            }

            return false;
        }

        private static uint ReadUInt32(byte[] bytes, int at) => BitConverter.ToUInt32(bytes, at);

        private static ulong ReadUInt64(byte[] bytes, int at) => BitConverter.ToUInt64(bytes, at);

        [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
        private static extern int GlibcStatx(int directory, byte[] path, int flags, uint mask, byte[] status);

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int LibcStatx(int directory, byte[] path, int flags, uint mask, byte[] status);

        [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
        private static extern int LibcFstat(int descriptor, byte[] status);

        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        private static extern int LibcStat(byte[] path, byte[] status);

        [DllImport("libc", EntryPoint = "fstat$INODE64", SetLastError = true)]
        private static extern int MacFstat64(int descriptor, byte[] status);

        [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
        private static extern int MacStat64(byte[] path, byte[] status);

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetFileInformationByHandle(SafeFileHandle file, out FileInformation information);

        /// <summary>BY_HANDLE_FILE_INFORMATION: every field a DWORD (a FILETIME is two).</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct FileInformation
        {
            public uint FileAttributes;
            public uint CreationTimeLow;
            public uint CreationTimeHigh;
            public uint LastAccessTimeLow;
            public uint LastAccessTimeHigh;
            public uint LastWriteTimeLow;
            public uint LastWriteTimeHigh;
            public uint VolumeSerialNumber;
            public uint FileSizeHigh;
            public uint FileSizeLow;
            public uint NumberOfLinks;
            public uint FileIndexHigh;
            public uint FileIndexLow;
        }

        private readonly struct Identity : IEquatable<Identity>
        {
            public Identity(ulong device, ulong file)
            {
                Device = device;
                File = file;
            }

            public ulong Device { get; }

            public ulong File { get; }

            public bool Equals(Identity other) => Device == other.Device && File == other.File;

            public override bool Equals(object? obj) => obj is Identity other && Equals(other);

            public override int GetHashCode() => (Device ^ File).GetHashCode();
        }
    }
}
