using System;
using System.IO;
using System.Linq;
using ZApi.Shared.Files;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.Media
{
    /// <summary>
    /// What differs between the media statuses (image, video): the Z-API action and field, how the content is
    /// recognised, the size limit, the error ids and advice for content that does not fit, and the result type.
    /// Everything else (paths, links, Base64, streaming, retry) is shared, so another media kind is one more subclass.
    /// </summary>
    internal abstract class MediaKind
    {
        public static readonly MediaKind Image = new ImageKind();

        public static readonly MediaKind Video = new VideoKind();

        /// <summary>The kind a Send-ZApi&lt;Title&gt;Status command posts, or null for another command.</summary>
        public static MediaKind? ForCommand(string commandName) =>
            new[] { Image, Video }.FirstOrDefault(kind => string.Equals(commandName, kind.CommandName, StringComparison.OrdinalIgnoreCase));

        /// <summary>"image", "video": the JSON field, the mime type's top level, and the word in messages.</summary>
        public abstract string Noun { get; }

        /// <summary>"an image", "a video".</summary>
        public abstract string WithArticle { get; }

        /// <summary>"Image", "Video": as in Send-ZApiImageStatus and -MaximumImageBytes.</summary>
        public string Title => char.ToUpperInvariant(Noun[0]) + Noun.Substring(1);

        /// <summary>The command that posts this kind, for advice in messages.</summary>
        public string CommandName => "Send-ZApi" + Title + "Status";

        /// <summary>A file extension for the example link in messages.</summary>
        public abstract string ExampleExtension { get; }

        /// <summary>The last segment of the route, such as send-image-status.</summary>
        public string Action => "send-" + Noun + "-status";

        /// <summary>What the content must hold: <see cref="MediaCategory.Image"/> or <see cref="MediaCategory.Video"/>.</summary>
        public abstract MediaCategory Category { get; }

        public abstract long DefaultMaximumBytes { get; }

        /// <summary>The usual file extensions, for tab completion only: the content decides what is posted.</summary>
        public abstract string[] FileExtensions { get; }

        /// <summary>The accepted types, for messages: "JPEG, PNG, WebP or GIF".</summary>
        public abstract string SupportedTypes { get; }

        public abstract ZApiErrorId NotFoundId { get; }

        public abstract ZApiErrorId EmptyId { get; }

        public abstract ZApiErrorId UnreadableId { get; }

        public abstract ZApiErrorId InvalidUriId { get; }

        public abstract ZApiErrorId UnsupportedTypeId { get; }

        public abstract ZApiErrorId TooLargeId { get; }

        /// <summary>The words of the messages about file arguments.</summary>
        public InputWording Wording => new InputWording(Noun, WithArticle, CommandName, "post");

        /// <summary>A file argument that cannot be used, as this kind's error.</summary>
        public ZApiException ErrorFor(InputFileException problem) =>
            new ZApiException(problem.IdOf(NotFoundId, UnreadableId, ZApiErrorId.PathIsDirectory, ZApiErrorId.UnsupportedProvider),
                problem.Message, problem.InnerException);

        /// <summary>The mime type a status carries <paramref name="format"/> with, or null when this kind does not post it.</summary>
        public string? MimeTypeOf(MediaFormat? format) => format != null && format.Category == Category ? format.MimeType : null;

        /// <summary>
        /// What makes content of a postable <paramref name="format"/> unplayable, read from <paramref name="content"/>
        /// (seekable, at its start), as a phrase for a message; null when nothing does.
        /// </summary>
        public virtual string? FindDefect(MediaFormat format, Stream content) => null;

        /// <summary>What to do about content of <paramref name="format"/> (null: unrecognised).</summary>
        public virtual string AdviceFor(MediaFormat? format) =>
            $"Only {SupportedTypes} can be posted; the type is read from the content, not the extension.";

        /// <summary>What to do about content that <see cref="FindDefect"/> refused.</summary>
        public virtual string DefectAdvice => AdviceFor(null);

        /// <summary>The result object for a status of this kind that Z-API queued.</summary>
        public abstract MediaStatusResult CreateResult(MediaSource media, string? caption, string? zaapId, string? messageId, DateTimeOffset? sentAt);
    }
}
