using System;
using System.Globalization;
using System.IO;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using ZApi.Shared.Files;

namespace ZApi.Status.MediaModule.Cache
{
    /// <summary>
    /// A folder of converted files named by the SHA-256 of their source bytes and the settings that made them: the
    /// same photo converted with the same settings is found again without decoding, and a re-run posts the same
    /// bytes, so the status history of ZApi.Status recognises it. Each name also carries the SHA-256 of the file's
    /// own bytes, checked before the file is handed on: a cached file that was cut short or replaced is made again,
    /// never posted. Files are written under a temporary name and renamed, so a reader (or a second process
    /// converting the same photo) never sees half a file.
    /// </summary>
    internal sealed class ContentCache
    {
        /// <summary>32 hex digits (128 bits) of a hash: short names, and no collision in any real folder.</summary>
        private const int HashLength = 32;

        public ContentCache(string directory)
        {
            Directory = Path.GetFullPath(directory);
        }

        public string Directory { get; }

        /// <summary>
        /// The default folder: ZApi.Status.Media/Cache in the user's local application data (on Linux and macOS
        /// $XDG_DATA_HOME or ~/.local/share, created when first used). Never a shared temporary folder, where another
        /// user could put files under the names a conversion looks for.
        /// </summary>
        public static string DefaultDirectory =>
            DefaultDirectoryUnder(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify));

        /// <summary>The default folder under <paramref name="localApplicationData"/>; DestinationUnwritable when there is no such folder.</summary>
        internal static string DefaultDirectoryUnder(string localApplicationData)
        {
            if (string.IsNullOrEmpty(localApplicationData))
            {
                throw new MediaException(MediaErrorId.DestinationUnwritable,
                    "There is no folder of your own for the cache of converted files: this session has no home or local application data folder (HOME is not set?). " +
                    "Pass -Destination with a folder that only you can write to.",
                    stopsTheBatch: true);
            }

            return Path.Combine(localApplicationData, "ZApi.Status.Media", "Cache");
        }

        /// <summary>The key of <paramref name="content"/> (read to its end from where it is) converted by <paramref name="recipe"/>.</summary>
        public static string KeyFor(Stream content, string recipe)
        {
            using (var sha = SHA256.Create())
            {
                byte[] prefix = Encoding.UTF8.GetBytes(recipe + "\n");
                sha.TransformBlock(prefix, 0, prefix.Length, null, 0);
                return Hex(sha, content);
            }
        }

        /// <summary>
        /// The cached file for <paramref name="key"/> with one of <paramref name="extensions"/>, or null. A file whose
        /// bytes no longer have the hash its name carries is deleted and not returned, so the caller makes it again.
        /// </summary>
        public string? Find(string key, params string[] extensions)
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return null;
            }

            foreach (string extension in extensions)
            {
                foreach (string candidate in System.IO.Directory.EnumerateFiles(Directory, key + "-*" + extension))
                {
                    string? hash = HashInName(candidate, key, extension);
                    string? actual = hash == null ? null : TryHashOfFile(candidate);
                    if (actual == hash && hash != null)
                    {
                        return candidate;
                    }

                    if (actual != null)
                    {
                        TryDelete(candidate);
                    }
                }
            }

            return null;
        }

        /// <summary>A new, unique file name in the cache folder for a writer (ffmpeg) to fill before <see cref="Commit"/>.</summary>
        public string NewTemporaryPath(string extension)
        {
            EnsureDirectory();
            return Path.Combine(Directory, ".tmp-" + Guid.NewGuid().ToString("N") + extension);
        }

        /// <summary>Stores <paramref name="bytes"/> as the file of <paramref name="key"/> and returns its path.</summary>
        public string Store(string key, string extension, byte[] bytes)
        {
            string temporary = NewTemporaryPath(extension);
            try
            {
                File.WriteAllBytes(temporary, bytes);
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                TryDelete(temporary);
                throw Unwritable(ex);
            }

            return Commit(temporary, key, extension);
        }

        /// <summary>Moves a finished temporary file into place as the file of <paramref name="key"/>, named with its own hash.</summary>
        public string Commit(string temporaryPath, string key, string extension)
        {
            string final = temporaryPath;
            try
            {
                string hash = HashOfFile(temporaryPath);
                final = Path.Combine(Directory, key + "-" + hash + extension);
                if (File.Exists(final) && HashOfFile(final) == hash)
                {
                    // Another run stored the same conversion meanwhile: same key, same bytes.
                    File.Delete(temporaryPath);
                    return final;
                }

                // A file under this name with other bytes was tampered with: it goes.
                if (File.Exists(final))
                {
                    File.Delete(final);
                }

                File.Move(temporaryPath, final);
                return final;
            }
            catch (IOException) when (File.Exists(final) && final != temporaryPath && HashOfFile(final) == HashInName(final, key, extension))
            {
                // Another process moved the same bytes into place first.
                TryDelete(temporaryPath);
                return final;
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                TryDelete(temporaryPath);
                throw Unwritable(ex);
            }
        }

        public static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                // A leftover temporary file is harmless: its name never matches a key.
            }
        }

        /// <summary>The content hash in a cached file's name (key-hash.ext), or null for any other name.</summary>
        private static string? HashInName(string path, string key, string extension)
        {
            string name = Path.GetFileName(path);
            bool shaped = name.Length == key.Length + 1 + HashLength + extension.Length
                && name.StartsWith(key + "-", StringComparison.Ordinal)
                && name.EndsWith(extension, StringComparison.Ordinal);
            return shaped ? name.Substring(key.Length + 1, HashLength) : null;
        }

        /// <summary>The hash of a cached file, or null when it cannot be read now (locked, gone): neither used nor deleted.</summary>
        private static string? TryHashOfFile(string path)
        {
            try
            {
                return HashOfFile(path);
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                return null;
            }
        }

        private static string HashOfFile(string path)
        {
            using (var sha = SHA256.Create())
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.SequentialScan))
            {
                return Hex(sha, stream);
            }
        }

        /// <summary>The first <see cref="HashLength"/> hex digits of the hash of what <paramref name="sha"/> has seen, then <paramref name="content"/>.</summary>
        private static string Hex(SHA256 sha, Stream content)
        {
            var buffer = new byte[81920];
            int read;
            while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
            {
                sha.TransformBlock(buffer, 0, read, null, 0);
            }

            sha.TransformFinalBlock(buffer, 0, 0);
            var hex = new StringBuilder(HashLength);
            for (int i = 0; hex.Length < HashLength; i++)
            {
                hex.Append(sha.Hash[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }

        private void EnsureDirectory()
        {
            try
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                throw Unwritable(ex);
            }
        }

        private MediaException Unwritable(Exception ex) =>
            new MediaException(MediaErrorId.DestinationUnwritable,
                $"Cannot write to the destination folder '{Directory}': {ex.Message} Pass -Destination with a folder you may write to.", ex,
                stopsTheBatch: true);

    }
}
