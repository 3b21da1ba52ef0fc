using System;
using System.Globalization;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.MediaModule.Video
{
    /// <summary>
    /// What a clip needs, from the cheapest: nothing; a new container around the same video (QuickTime to MP4,
    /// metadata gone, an AAC or silent audio track); or a new H.264 encoding sized to fit the byte limit.
    /// </summary>
    internal sealed class VideoPlan
    {
        /// <summary>Room for the container and for the encoder overshooting its average bitrate.</summary>
        private const double BudgetShare = 0.90;

        /// <summary>Above this a 720p clip looks no better on a phone; short clips need not fill the byte limit.</summary>
        public const int MaximumVideoKbps = 4000;

        /// <summary>Below this the picture falls apart: the clip is too long for the byte limit.</summary>
        public const int MinimumVideoKbps = 150;

        private VideoPlan(VideoAction action, double seconds, bool cut, int videoKbps, int audioKbps, bool copyAudio, bool addSilence)
        {
            Action = action;
            Seconds = seconds;
            Cut = cut;
            VideoKbps = videoKbps;
            AudioKbps = audioKbps;
            CopyAudio = copyAudio;
            AddSilence = addSilence;
        }

        public VideoAction Action { get; }

        /// <summary>How long the output runs: the clip, or -MaximumDurationSec of it.</summary>
        public double Seconds { get; }

        /// <summary>The clip is longer than -MaximumDurationSec and is cut to it.</summary>
        public bool Cut { get; }

        public int VideoKbps { get; }

        public int AudioKbps { get; }

        public bool CopyAudio { get; }

        /// <summary>The clip has no sound: WhatsApp wants a track, so a silent one is added.</summary>
        public bool AddSilence { get; }

        /// <param name="wellFormed">The container's boxes are whole, so Send-ZApiVideoStatus takes the file as it is.</param>
        public static VideoPlan For(VideoProbe probe, MediaFormat container, bool wellFormed, long sourceBytes, VideoSettings settings, string sourcePath)
        {
            if (probe.VideoCodec == null)
            {
                throw new MediaException(MediaErrorId.UnsupportedMediaType,
                    $"'{sourcePath}' has no video track ({container.Name} with sound only, or none). Pass a video clip.");
            }

            if (probe.DurationSeconds <= 0)
            {
                throw new MediaException(MediaErrorId.MediaUnreadable,
                    $"'{sourcePath}' has no readable duration: the {container.Name} file is damaged or cut short. Copy it from the phone again.");
            }

            bool cut = probe.DurationSeconds > settings.MaximumDurationSec;
            double seconds = Math.Min(probe.DurationSeconds, settings.MaximumDurationSec);
            bool videoFits = (probe.VideoCodec == "h264")
                && (probe.PixelFormat == "yuv420p" || probe.PixelFormat == "yuvj420p")
                && Math.Max(probe.Width, probe.Height) <= settings.MaximumDimension;
            bool aacAudio = probe.AudioCodec == "aac";
            bool addSilence = probe.AudioCodec == null;
            bool small = sourceBytes <= settings.MaximumBytes;

            if (!cut && videoFits && small)
            {
                bool needsNothing = aacAudio && container == MediaFormat.Mp4 && wellFormed && (settings.KeepMetadata || !probe.HasMetadata);
                return new VideoPlan(needsNothing ? VideoAction.Unchanged : VideoAction.Remux, seconds, cut: false, 0, aacAudio ? 0 : 96, aacAudio, addSilence);
            }

            return Transcode(seconds, cut, addSilence, settings.MaximumBytes, sourcePath);
        }

        /// <summary>A new encoding at the video bitrate that fills <paramref name="maximumBytes"/> over <paramref name="seconds"/>.</summary>
        public static VideoPlan Transcode(double seconds, bool cut, bool addSilence, long maximumBytes, string sourcePath, double bitrateShare = 1.0)
        {
            double totalKbps = maximumBytes * 8 * BudgetShare / seconds / 1000 * bitrateShare;
            int audioKbps = totalKbps >= 400 ? 96 : 64;
            int videoKbps = (int)Math.Min(MaximumVideoKbps, totalKbps - audioKbps);
            if (videoKbps < MinimumVideoKbps)
            {
                throw new MediaException(MediaErrorId.MediaTooLarge, string.Format(CultureInfo.InvariantCulture,
                    "'{0}' runs {1:0.#} seconds: in {2:N0} bytes that leaves {3} kbit/s for the picture, too little to watch. " +
                    "Lower -MaximumDurationSec to cut it shorter, or raise -MaximumBytes.",
                    sourcePath, seconds, maximumBytes, Math.Max(0, videoKbps)));
            }

            return new VideoPlan(VideoAction.Transcode, seconds, cut, videoKbps, audioKbps, copyAudio: false, addSilence);
        }
    }
}
