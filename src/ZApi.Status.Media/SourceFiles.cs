using System.IO;
using ZApi.Shared.Files;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.MediaModule
{
    /// <summary>Opens an input file and checks what it is; every failure is a <see cref="MediaException"/> that names the file.</summary>
    internal static class SourceFiles
    {
        /// <summary>
        /// Opens <paramref name="fullPath"/> for reading (a link followed to a regular file, a FIFO refused without
        /// waiting for a writer), or throws the kind's not-found, empty or unreadable error, or PathIsDirectory.
        /// </summary>
        public static FileStream Open(string fullPath, SourceKind kind)
        {
            FileStream stream;
            try
            {
                stream = InputFile.OpenRead(fullPath, kind.Wording, bufferSize: 81920);
            }
            catch (InputFileException ex)
            {
                throw kind.ErrorFor(ex);
            }

            if (stream.Length == 0)
            {
                stream.Dispose();
                throw new MediaException(kind.EmptyId,
                    $"The {kind.Wording.Noun} file '{fullPath}' is empty (0 bytes). Pass {kind.Wording.WithArticle} file with content.");
            }

            return stream;
        }

        /// <summary>Sniffs the start of <paramref name="stream"/>, rewinds it, and throws UnsupportedMediaType unless it is of the kind's category.</summary>
        /// <param name="path">The file's path for messages: a stream opened from a handle does not know it.</param>
        public static MediaFormat Sniff(Stream stream, string path, SourceKind kind)
        {
            MediaFormat? format = MediaSniffer.Detect(stream);
            stream.Position = 0;
            if (format != null && format.Category == kind.Category)
            {
                return format;
            }

            if (format == null)
            {
                throw new MediaException(MediaErrorId.UnsupportedMediaType,
                    $"'{path}' is not a format this module reads (by its content, whatever its extension). {kind.Supported}");
            }

            string advice = format.Category == MediaCategory.Image ? " Use ConvertTo-ZApiStatusImage for photos."
                : format.Category == MediaCategory.Video ? " Use ConvertTo-ZApiStatusVideo for videos."
                : string.Empty;
            throw new MediaException(MediaErrorId.UnsupportedMediaType,
                $"'{path}' is {format.Description} (judged by its bytes, not its extension).{advice} {kind.Supported}");
        }
    }
}
