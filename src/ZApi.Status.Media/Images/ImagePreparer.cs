using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using ImageMagick;
using ImageMagick.Formats;
using ZApi.Shared.Sniffing;
using ZApi.Status.MediaModule.Cache;

namespace ZApi.Status.MediaModule.Images
{
    /// <summary>
    /// Turns one photo into a file a WhatsApp status takes: upright (EXIF orientation applied), without metadata
    /// unless asked, within the longest side and byte limits, JPEG or PNG when it has transparency. Photos that need
    /// nothing come back as they are; photos converted before come from the cache without decoding.
    /// </summary>
    internal sealed class ImagePreparer
    {
        /// <summary>Decoding and encoding one photo takes well under a second; a file that keeps the decoder busy this long is treated as hostile.</summary>
        public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

        private static readonly uint[] Qualities = { ImageSettings.StartQuality, 75, 65, 55, 45 };

        /// <summary>The coder for each photo format the sniffer names: the only ones the policy lets ImageMagick use.</summary>
        private static readonly Dictionary<MediaFormat, MagickFormat> Decoders = new Dictionary<MediaFormat, MagickFormat>
        {
            [MediaFormat.Jpeg] = MagickFormat.Jpeg,
            [MediaFormat.Png] = MagickFormat.Png,
            [MediaFormat.Gif] = MagickFormat.Gif,
            [MediaFormat.WebP] = MagickFormat.WebP,
            [MediaFormat.Heic] = MagickFormat.Heic,
            [MediaFormat.Avif] = MagickFormat.Avif,
            [MediaFormat.Tiff] = MagickFormat.Tiff,
            [MediaFormat.Bmp] = MagickFormat.Bmp,
        };

        private readonly ImageSettings _settings;
        private readonly ContentCache _cache;

        public ImagePreparer(ImageSettings settings, ContentCache cache)
        {
            _settings = settings;
            _cache = cache;
        }

        public PreparedMedia Prepare(string sourcePath, CancellationToken cancellation)
        {
            using (FileStream stream = SourceFiles.Open(sourcePath, SourceKind.Image))
            {
                MediaFormat sniffed = SourceFiles.Sniff(stream, sourcePath, SourceKind.Image);

                // Magick.NET's version is managed metadata: a cache hit loads no native ImageMagick.
                string key = ContentCache.KeyFor(stream, _settings.Recipe(MagickNET.Version));
                stream.Position = 0;
                string? cached = _cache.Find(key, ".jpg", ".png");
                if (cached != null)
                {
                    return new PreparedMedia(sourcePath, cached, MediaConversion.Cached, $"{sniffed.Name} converted before with these settings: {cached}");
                }

                MagickRuntime.EnsureReady();

                var clock = Stopwatch.StartNew();
                try
                {
                    return Convert(stream, sourcePath, sniffed, key, clock, cancellation);
                }
                catch (MagickException ex)
                {
                    cancellation.ThrowIfCancellationRequested();
                    throw Translate(ex, sourcePath, sniffed, clock);
                }
            }
        }

        private PreparedMedia Convert(FileStream stream, string sourcePath, MediaFormat sniffed, string key, Stopwatch clock, CancellationToken cancellation)
        {
            MagickFormat format = MagickFormatOf(sniffed);
            var settings = new MagickReadSettings { Format = format };

            uint width, height;
            using (var header = new MagickImage())
            {
                header.Ping(stream, settings);
                width = header.Width;
                height = header.Height;
                stream.Position = 0;
                CheckDimensions(sourcePath, sniffed, width, height);
                if (NeedsNothing(stream, sniffed, header, settings))
                {
                    return new PreparedMedia(sourcePath, sourcePath, MediaConversion.Unchanged,
                        $"{width}×{height} {sniffed.Name}, {stream.Length:N0} bytes, already upright and within the limits: posted as it is");
                }
            }

            // Only the first frame of an animation or a multi-page TIFF. A JPEG far larger than needed decodes at a
            // reduced scale (libjpeg's DCT scaling); never for a smaller one, which libjpeg would scale up.
            settings.FrameIndex = 0;
            settings.FrameCount = 1;
            if (format == MagickFormat.Jpeg && Math.Max(width, height) >= 2 * _settings.MaximumDimension)
            {
                settings.SetDefines(new JpegReadDefines { Size = new MagickGeometry((uint)_settings.MaximumDimension, (uint)_settings.MaximumDimension) });
            }

            using (var image = new MagickImage())
            {
                string? corruption = null;
                image.Warning += (sender, e) =>
                {
                    if (e.Exception is MagickCorruptImageWarningException)
                    {
                        corruption ??= e.Message;
                    }
                };
                image.Progress += (sender, e) =>
                {
                    if (cancellation.IsCancellationRequested || clock.Elapsed > TimeLimit)
                    {
                        e.Cancel = true;
                    }
                };

                image.Read(stream, settings);
                if (corruption != null)
                {
                    throw new MediaException(MediaErrorId.MediaUnreadable,
                        $"'{sourcePath}' is a damaged {sniffed.Name} file: {Plain(corruption)}. Copy it from the phone again; a file cut short by a transfer looks like this.");
                }

                ThrowIfStopped(sourcePath, clock, cancellation);
                string before = $"{width}×{height} {sniffed.Name}";
                image.AutoOrient();
                if (!_settings.KeepMetadata)
                {
                    ToSrgb(image);
                    image.Strip();
                }

                // Triangle averages every source pixel when shrinking: as clean as Lanczos at this scale, in half the time.
                image.FilterType = FilterType.Triangle;
                if (Math.Max(image.Width, image.Height) > _settings.MaximumDimension)
                {
                    image.Resize(new MagickGeometry((uint)_settings.MaximumDimension, (uint)_settings.MaximumDimension));
                }

                ThrowIfStopped(sourcePath, clock, cancellation);
                bool transparent = image.HasAlpha && !image.IsOpaque;
                if (!transparent)
                {
                    image.Alpha(AlphaAction.Off);
                }

                byte[] bytes = EncodeWithin(image, transparent ? MagickFormat.Png : MagickFormat.Jpeg, sourcePath, clock, cancellation);
                string extension = transparent ? ".png" : ".jpg";
                string output = _cache.Store(key, extension, bytes);
                return new PreparedMedia(sourcePath, output, MediaConversion.Converted,
                    $"{before} to {image.Width}×{image.Height} {(transparent ? "PNG" : "JPEG")}, {bytes.Length:N0} bytes: {output}");
            }
        }

        /// <summary>
        /// An upright JPEG within both limits that holds its picture and nothing else (no metadata, no second picture,
        /// no bytes after its end, colours in sRGB) is posted as it is; so is an animated GIF within them (a conversion
        /// would keep only its first frame).
        /// </summary>
        private bool NeedsNothing(FileStream stream, MediaFormat sniffed, MagickImage header, MagickReadSettings settings)
        {
            bool withinLimits = stream.Length <= _settings.MaximumBytes && Math.Max(header.Width, header.Height) <= _settings.MaximumDimension;
            if (!withinLimits)
            {
                return false;
            }

            if (sniffed == MediaFormat.Gif)
            {
                using (var frames = new MagickImageCollection())
                {
                    frames.Ping(stream, settings);
                    stream.Position = 0;
                    return frames.Count > 1;
                }
            }

            if (sniffed != MediaFormat.Jpeg)
            {
                return false;
            }

            bool upright = header.Orientation == Orientation.Undefined || header.Orientation == Orientation.TopLeft;
            bool plainColours = header.ColorSpace == ColorSpace.sRGB || header.ColorSpace == ColorSpace.Gray;
            if (!upright || !plainColours)
            {
                return false;
            }

            // A JPEG passed on is never decoded: a file cut short (no end-of-image marker) goes to the decoder, which
            // reports it, and whatever follows the picture (a second one, with its own GPS position) is never posted.
            JpegLayout layout = JpegLayout.Read(stream);
            stream.Position = 0;
            if (!layout.EndsWithItsPicture || layout.AnnouncesMorePictures)
            {
                return false;
            }

            // -KeepMetadata keeps the profile on conversion too, so only without it do the colours change.
            return _settings.KeepMetadata || (layout.HasOnlyPlainSegments && InSrgb(header));
        }

        /// <summary>No colour profile (sRGB by default), or one of sRGB itself.</summary>
        private static bool InSrgb(MagickImage header)
        {
            IColorProfile? profile = header.GetColorProfile();
            byte[]? bytes = profile?.ToByteArray();
            return bytes == null || SrgbProfile.Matches(bytes);
        }

        private static void CheckDimensions(string sourcePath, MediaFormat sniffed, uint width, uint height)
        {
            if (width > MagickRuntime.MaximumSide || height > MagickRuntime.MaximumSide || (long)width * height > MagickRuntime.MaximumPixels)
            {
                throw new MediaException(MediaErrorId.MediaTooLarge, string.Format(CultureInfo.InvariantCulture,
                    "'{0}' claims to be a {1}×{2} {3} ({4:N0} megapixels), over the limit of {5:N0} megapixels and {6:N0} pixels a side, so it is not decoded. " +
                    "A camera photo is far smaller; a small file that claims this much is a decompression bomb.",
                    sourcePath, width, height, sniffed.Name, (long)width * height / 1_000_000, MagickRuntime.MaximumPixels / 1_000_000, MagickRuntime.MaximumSide));
            }
        }

        /// <summary>Display-P3 iPhone photos and CMYK files look right everywhere only once converted to sRGB, before their profile goes.</summary>
        private static void ToSrgb(MagickImage image)
        {
            if (image.GetColorProfile() != null)
            {
                image.TransformColorSpace(ColorProfiles.SRGB);
            }
            else if (image.ColorSpace == ColorSpace.CMYK)
            {
                image.TransformColorSpace(ColorProfiles.USWebCoatedSWOP, ColorProfiles.SRGB);
            }
        }

        /// <summary>JPEG at falling quality, then smaller, until the bytes fit; PNG only smaller.</summary>
        private byte[] EncodeWithin(MagickImage image, MagickFormat format, string sourcePath, Stopwatch clock, CancellationToken cancellation)
        {
            if (format == MagickFormat.Png)
            {
                // No time chunks: the same photo must give the same bytes on every run.
                image.Settings.SetDefine(MagickFormat.Png, "exclude-chunks", "date,tIME");
            }
            else
            {
                image.Settings.Interlace = Interlace.NoInterlace;
            }

            byte[] bytes = Array.Empty<byte>();
            for (int shrink = 0; shrink < 8; shrink++)
            {
                foreach (uint quality in format == MagickFormat.Jpeg ? Qualities : new uint[] { 75 })
                {
                    ThrowIfStopped(sourcePath, clock, cancellation);
                    image.Quality = quality;
                    bytes = image.ToByteArray(format);
                    if (bytes.LongLength <= _settings.MaximumBytes)
                    {
                        return bytes;
                    }
                }

                double factor = Math.Max(0.5, Math.Min(0.9, Math.Sqrt((double)_settings.MaximumBytes / bytes.LongLength)));
                uint width = (uint)(image.Width * factor);
                uint height = (uint)(image.Height * factor);
                if (width < 16 || height < 16)
                {
                    break;
                }

                image.Resize(new MagickGeometry(width, height) { IgnoreAspectRatio = true });
            }

            throw new MediaException(MediaErrorId.MediaTooLarge, string.Format(CultureInfo.InvariantCulture,
                "'{0}' does not fit in {1:N0} bytes even at low quality and small size ({2:N0} bytes at {3}×{4}). Raise -MaximumBytes.",
                sourcePath, _settings.MaximumBytes, bytes.LongLength, image.Width, image.Height));
        }

        private static void ThrowIfStopped(string sourcePath, Stopwatch clock, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            if (clock.Elapsed > TimeLimit)
            {
                throw TookTooLong(sourcePath);
            }
        }

        private static MediaException TookTooLong(string sourcePath) =>
            new MediaException(MediaErrorId.MediaTooLarge,
                $"Converting '{sourcePath}' took longer than {TimeLimit.TotalSeconds:N0} seconds and was stopped. A photo takes about a second; this file asks for far more work.");

        private static MediaException Translate(MagickException ex, string sourcePath, MediaFormat sniffed, Stopwatch clock)
        {
            if (clock.Elapsed > TimeLimit)
            {
                return TookTooLong(sourcePath);
            }

            if (ex is MagickResourceLimitErrorException || ex is MagickResourceLimitWarningException)
            {
                return new MediaException(MediaErrorId.MediaTooLarge,
                    $"'{sourcePath}' needs more than the decoder's limits allow ({Plain(ex.Message)}), so it was not decoded. A phone photo stays far within them; " +
                    "a small file that claims this much is a decompression bomb.", ex);
            }

            if (ex is MagickPolicyErrorException)
            {
                return new MediaException(MediaErrorId.UnsupportedMediaType,
                    $"'{sourcePath}' asks the decoder for something outside the {sniffed.Name} format ({Plain(ex.Message)}); it was refused.", ex);
            }

            return new MediaException(MediaErrorId.MediaUnreadable,
                $"'{sourcePath}' starts like {sniffed.Description} but cannot be decoded: {Plain(ex.Message)}. Copy it from the phone again, or open it in a photo viewer to check it.", ex);
        }

        /// <summary>ImageMagick's message without the file name and source location it appends (" `name' @ error/jpeg.c/...").</summary>
        internal static string Plain(string message)
        {
            int cut = message.IndexOf(" `", StringComparison.Ordinal);
            if (cut < 0)
            {
                cut = message.IndexOf(" @ ", StringComparison.Ordinal);
            }

            return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.', ' ');
        }

        private static MagickFormat MagickFormatOf(MediaFormat sniffed) =>
            Decoders.TryGetValue(sniffed, out MagickFormat format)
                ? format
                : throw new ArgumentOutOfRangeException(nameof(sniffed), sniffed.Name, "Not an image format.");
    }
}
