using System;
using System.IO;
using System.Security;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.MediaModule
{
    /// <summary>Opens an input file and checks what it is; every failure is a <see cref="MediaException"/> that names the file.</summary>
    internal static class SourceFiles
    {
        /// <summary>Opens <paramref name="fullPath"/> for reading, or throws ImageNotFound, PathIsDirectory, ImageEmpty or ImageUnreadable.</summary>
        public static FileStream Open(string fullPath, string noun, string cmdletName)
        {
            if (Directory.Exists(fullPath))
            {
                throw new MediaException(MediaErrorId.PathIsDirectory,
                    $"'{fullPath}' is a directory, not {Article(noun)} file. Pipe its files instead: Get-ChildItem '{fullPath}' -File | {cmdletName}.");
            }

            if (!File.Exists(fullPath))
            {
                throw new MediaException(MediaErrorId.ImageNotFound, $"Cannot find the {noun} file '{fullPath}'. Check the path and try again.");
            }

            FileStream stream;
            try
            {
                stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException)
            {
                throw new MediaException(MediaErrorId.ImageUnreadable,
                    $"Cannot read the {noun} file '{fullPath}': {ex.Message} Close any program that holds it open and check that you may read it.", ex);
            }

            if (stream.Length == 0)
            {
                stream.Dispose();
                throw new MediaException(MediaErrorId.ImageEmpty, $"The {noun} file '{fullPath}' is empty (0 bytes). Pass {Article(noun)} file with content.");
            }

            return stream;
        }

        /// <summary>Sniffs the start of <paramref name="stream"/>, rewinds it, and throws UnsupportedMediaType unless it is of the wanted category.</summary>
        public static MediaFormat Sniff(FileStream stream, MediaCategory wanted)
        {
            MediaFormat? format = MediaSniffer.Detect(stream);
            stream.Position = 0;
            if (format != null && format.Category == wanted)
            {
                return format;
            }

            string path = stream.Name;
            if (format == null)
            {
                throw new MediaException(MediaErrorId.UnsupportedMediaType,
                    $"'{path}' is not a format this module reads (by its content, whatever its extension). {Supported(wanted)}");
            }

            string advice = format.Category == MediaCategory.Image ? " Use ConvertTo-ZApiStatusImage for photos."
                : format.Category == MediaCategory.Video ? " Use ConvertTo-ZApiStatusVideo for videos."
                : string.Empty;
            throw new MediaException(MediaErrorId.UnsupportedMediaType,
                $"'{path}' is {format.Description} (judged by its bytes, not its extension).{advice} {Supported(wanted)}");
        }

        private static string Supported(MediaCategory wanted) => wanted == MediaCategory.Image
            ? "Photos are read as HEIC/HEIF, AVIF, JPEG, PNG, WebP, GIF, TIFF or BMP."
            : "Videos are read as MP4, QuickTime (.mov), 3GP, Matroska/WebM or AVI.";

        private static string Article(string noun) => noun == "image" ? "an" : "a";
    }
}
