namespace ZApi.Status.MediaModule
{
    /// <summary>What the first bytes of a file say it is.</summary>
    internal sealed class SniffedMedia
    {
        private SniffedMedia(MediaCategory category, string name, string? demuxer)
        {
            Category = category;
            Name = name;
            Demuxer = demuxer;
        }

        public MediaCategory Category { get; }

        /// <summary>The format's usual name, for messages and for choosing the decoder: "HEIC", "JPEG", "MP4", ...</summary>
        public string Name { get; }

        /// <summary>For videos, the one ffmpeg demuxer allowed to read it.</summary>
        public string? Demuxer { get; }

        public static SniffedMedia Image(string name) => new SniffedMedia(MediaCategory.Image, name, null);

        public static SniffedMedia Video(string name, string demuxer) => new SniffedMedia(MediaCategory.Video, name, demuxer);

        /// <summary>Recognised, but neither cmdlet decodes it (PDF, SVG, text, ...).</summary>
        public static SniffedMedia Other(string name) => new SniffedMedia(MediaCategory.Other, name, null);
    }
}
