using System;
using System.IO;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace ZApi.Status.MediaModule.Cache
{
    /// <summary>
    /// A folder of converted files named by the SHA-256 of their source bytes and the settings that made them: the
    /// same photo converted with the same settings is found again without decoding, and a re-run posts the same
    /// bytes, so the status history of ZApi.Status recognises it. Files are written under a temporary name and
    /// renamed, so a reader (or a second process converting the same photo) never sees half a file.
    /// </summary>
    internal sealed class ContentCache
    {
        /// <summary>32 hex digits (128 bits) of the hash: short names, and no collision in any real folder.</summary>
        private const int KeyLength = 32;

        public ContentCache(string directory)
        {
            Directory = System.IO.Path.GetFullPath(directory);
        }

        public string Directory { get; }

        /// <summary>The default folder: ZApi.Status.MediaModule/Cache under the user's local application data.</summary>
        public static string DefaultDirectory
        {
            get
            {
                string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                if (string.IsNullOrEmpty(root))
                {
                    root = System.IO.Path.GetTempPath();
                }

                return System.IO.Path.Combine(root, "ZApi.Status.MediaModule", "Cache");
            }
        }

        /// <summary>The key of <paramref name="content"/> (read to its end from where it is) converted by <paramref name="recipe"/>.</summary>
        public static string KeyFor(Stream content, string recipe)
        {
            using (var sha = SHA256.Create())
            {
                byte[] prefix = Encoding.UTF8.GetBytes(recipe + "\n");
                sha.TransformBlock(prefix, 0, prefix.Length, null, 0);
                var buffer = new byte[81920];
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sha.TransformBlock(buffer, 0, read, null, 0);
                }

                sha.TransformFinalBlock(buffer, 0, 0);
                var hex = new StringBuilder(KeyLength);
                for (int i = 0; hex.Length < KeyLength; i++)
                {
                    hex.Append(sha.Hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }

                return hex.ToString();
            }
        }

        /// <summary>The cached file for <paramref name="key"/> with one of <paramref name="extensions"/>, or null.</summary>
        public string? Find(string key, params string[] extensions)
        {
            foreach (string extension in extensions)
            {
                string candidate = PathFor(key, extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        public string PathFor(string key, string extension) => System.IO.Path.Combine(Directory, key + extension);

        /// <summary>A new, unique file name in the cache folder for a writer (ffmpeg) to fill before <see cref="Commit"/>.</summary>
        public string NewTemporaryPath(string extension)
        {
            EnsureDirectory();
            return System.IO.Path.Combine(Directory, ".tmp-" + Guid.NewGuid().ToString("N") + extension);
        }

        /// <summary>Stores <paramref name="bytes"/> as the file of <paramref name="key"/> and returns its path.</summary>
        public string Store(string key, string extension, byte[] bytes)
        {
            string temporary = NewTemporaryPath(extension);
            try
            {
                File.WriteAllBytes(temporary, bytes);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                TryDelete(temporary);
                throw Unwritable(ex);
            }

            return Commit(temporary, key, extension);
        }

        /// <summary>Moves a finished temporary file into place as the file of <paramref name="key"/>.</summary>
        public string Commit(string temporaryPath, string key, string extension)
        {
            string final = PathFor(key, extension);
            try
            {
                if (File.Exists(final))
                {
                    // Another run stored the same conversion meanwhile: same key, same bytes.
                    File.Delete(temporaryPath);
                }
                else
                {
                    File.Move(temporaryPath, final);
                }
            }
            catch (IOException) when (File.Exists(final))
            {
                TryDelete(temporaryPath);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                TryDelete(temporaryPath);
                throw Unwritable(ex);
            }

            return final;
        }

        public static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                // A leftover temporary file is harmless: its name never matches a key.
            }
        }

        private void EnsureDirectory()
        {
            try
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                throw Unwritable(ex);
            }
        }

        private MediaException Unwritable(Exception ex) =>
            new MediaException(MediaErrorId.DestinationUnwritable,
                $"Cannot write to the destination folder '{Directory}': {ex.Message} Pass -Destination with a folder you may write to.", ex,
                stopsTheBatch: true);

        private static bool IsFileSystemFailure(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException || ex is NotSupportedException;
    }
}
