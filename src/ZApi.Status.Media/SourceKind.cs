using ZApi.Shared.Files;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.MediaModule
{
    /// <summary>
    /// What each command reads, photos or clips: the category the content must be in, the words of its messages, and
    /// the error ids of its inputs, which are the ids the Send commands of ZApi.Status use for the same failure.
    /// </summary>
    internal sealed class SourceKind
    {
        public static readonly SourceKind Image = new SourceKind(MediaCategory.Image, "image", "an image", "ConvertTo-ZApiStatusImage",
            MediaErrorId.ImageNotFound, MediaErrorId.ImageEmpty, MediaErrorId.ImageUnreadable, "Photos are read as HEIC/HEIF, AVIF, JPEG, PNG, WebP, GIF, TIFF or BMP.");

        public static readonly SourceKind Video = new SourceKind(MediaCategory.Video, "video", "a video", "ConvertTo-ZApiStatusVideo",
            MediaErrorId.VideoNotFound, MediaErrorId.VideoEmpty, MediaErrorId.VideoUnreadable, "Videos are read as MP4, QuickTime (.mov), 3GP, Matroska/WebM or AVI.");

        private SourceKind(MediaCategory category, string noun, string withArticle, string commandName,
            MediaErrorId notFoundId, MediaErrorId emptyId, MediaErrorId unreadableId, string supported)
        {
            Category = category;
            Wording = new InputWording(noun, withArticle, commandName, "convert");
            NotFoundId = notFoundId;
            EmptyId = emptyId;
            UnreadableId = unreadableId;
            Supported = supported;
        }

        public MediaCategory Category { get; }

        /// <summary>"image", "an image", "ConvertTo-ZApiStatusImage", "convert".</summary>
        public InputWording Wording { get; }

        public MediaErrorId NotFoundId { get; }

        public MediaErrorId EmptyId { get; }

        public MediaErrorId UnreadableId { get; }

        /// <summary>The formats read, as a sentence for messages.</summary>
        public string Supported { get; }

        /// <summary>A file argument that cannot be used, as this kind's error.</summary>
        public MediaException ErrorFor(InputFileException problem) =>
            new MediaException(problem.IdOf(NotFoundId, UnreadableId, MediaErrorId.PathIsDirectory, MediaErrorId.UnsupportedProvider),
                problem.Message, problem.InnerException);
    }
}
