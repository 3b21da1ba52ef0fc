using System;
using System.IO;
using System.Text;

namespace ZApi.Status.MediaModule.Images
{
    /// <summary>
    /// What a JPEG file holds besides its picture, read from its markers without decoding: whether the file ends
    /// with the picture's end-of-image marker, whether it announces more pictures (an MPF segment, as phones write
    /// for depth maps and previews), and whether it has any segment but the plain ones. A JPEG is passed on as it is
    /// only when nothing but its picture would be posted.
    /// </summary>
    internal sealed class JpegLayout
    {
        private const int StartOfImage = 0xD8;
        private const int EndOfImage = 0xD9;
        private const int StartOfScan = 0xDA;
        private const int Comment = 0xFE;

        private JpegLayout(bool endsWithItsPicture, bool announcesMorePictures, bool hasOnlyPlainSegments)
        {
            EndsWithItsPicture = endsWithItsPicture;
            AnnouncesMorePictures = announcesMorePictures;
            HasOnlyPlainSegments = hasOnlyPlainSegments;
        }

        /// <summary>The file's last bytes are the first end-of-image marker: nothing (a second picture, a payload) follows.</summary>
        public bool EndsWithItsPicture { get; }

        /// <summary>An APP2 "MPF" segment: the file says it carries further pictures after the first.</summary>
        public bool AnnouncesMorePictures { get; }

        /// <summary>No segment but JFIF (APP0), an ICC profile (APP2) and Adobe's colour transform (APP14): no EXIF, XMP, IPTC, thumbnail or comment.</summary>
        public bool HasOnlyPlainSegments { get; }

        /// <summary>Reads the markers of the JPEG in <paramref name="stream"/> from where it is; a malformed file is neither complete nor plain.</summary>
        public static JpegLayout Read(Stream stream)
        {
            var reader = new ByteReader(stream);
            bool morePictures = false;
            bool plain = true;
            if (reader.Next() != 0xFF || reader.Next() != StartOfImage)
            {
                return new JpegLayout(false, false, false);
            }

            int marker = reader.NextMarker();
            while (marker >= 0)
            {
                if (marker == EndOfImage)
                {
                    return new JpegLayout(reader.Next() < 0, morePictures, plain);
                }

                if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
                {
                    // Restart markers and TEM stand alone.
                    marker = reader.NextMarker();
                    continue;
                }

                int length = (reader.Next() << 8) | reader.Next();
                if (length < 2)
                {
                    break;
                }

                byte[] identifier = reader.Take(Math.Min(length - 2, 14));
                if (!reader.Skip(length - 2 - identifier.Length))
                {
                    break;
                }

                if ((marker >= 0xE0 && marker <= 0xEF) || marker == Comment)
                {
                    string name = Encoding.ASCII.GetString(identifier);
                    morePictures |= marker == 0xE2 && name.StartsWith("MPF\0", StringComparison.Ordinal);
                    plain &= (marker == 0xE0 && name.StartsWith("JFIF\0", StringComparison.Ordinal))
                        || (marker == 0xE2 && name.StartsWith("ICC_PROFILE\0", StringComparison.Ordinal))
                        || (marker == 0xEE && name.StartsWith("Adobe", StringComparison.Ordinal));
                }

                marker = marker == StartOfScan ? reader.MarkerAfterScan() : reader.NextMarker();
            }

            // Cut short, or not a sequence of segments: the decoder says what is wrong with it.
            return new JpegLayout(false, morePictures, false);
        }

        /// <summary>Reads a stream byte by byte through a buffer of its own: entropy-coded data is scanned for the next marker.</summary>
        private sealed class ByteReader
        {
            private readonly Stream _stream;
            private readonly byte[] _buffer = new byte[64 * 1024];
            private int _position;
            private int _count;

            public ByteReader(Stream stream)
            {
                _stream = stream;
            }

            /// <summary>The next byte, or -1 at the end.</summary>
            public int Next() => Fill() ? _buffer[_position++] : -1;

            /// <summary>Up to <paramref name="count"/> bytes.</summary>
            public byte[] Take(int count)
            {
                var bytes = new byte[Math.Max(count, 0)];
                for (int i = 0; i < bytes.Length; i++)
                {
                    int b = Next();
                    if (b < 0)
                    {
                        return Array.Empty<byte>();
                    }

                    bytes[i] = (byte)b;
                }

                return bytes;
            }

            /// <summary>Skips <paramref name="count"/> bytes; false when the stream ends first.</summary>
            public bool Skip(int count)
            {
                while (count > 0)
                {
                    if (!Fill())
                    {
                        return false;
                    }

                    int step = Math.Min(count, _count - _position);
                    _position += step;
                    count -= step;
                }

                return true;
            }

            /// <summary>Moves past the next 0xFF byte, searching a buffer at a time; false at the end.</summary>
            public bool SkipPastNextFF()
            {
                while (Fill())
                {
                    int found = Array.IndexOf(_buffer, (byte)0xFF, _position, _count - _position);
                    if (found >= 0)
                    {
                        _position = found + 1;
                        return true;
                    }

                    _position = _count;
                }

                return false;
            }

            /// <summary>The marker right here (after any fill bytes), or -1 when the next byte starts none.</summary>
            public int NextMarker()
            {
                if (Next() != 0xFF)
                {
                    return -1;
                }

                int marker;
                while ((marker = Next()) == 0xFF)
                {
                }

                return marker;
            }

            /// <summary>The first marker after entropy-coded data, where 0xFF 0x00 is a data byte and restart markers belong to the data; -1 at the end.</summary>
            public int MarkerAfterScan()
            {
                while (SkipPastNextFF())
                {
                    int marker = Next();
                    while (marker == 0xFF)
                    {
                        marker = Next();
                    }

                    if (marker < 0)
                    {
                        return -1;
                    }

                    if (marker != 0x00 && !(marker >= 0xD0 && marker <= 0xD7))
                    {
                        return marker;
                    }
                }

                return -1;
            }

            /// <summary>Bytes are waiting in the buffer, read from the stream when it was empty; false at the end.</summary>
            private bool Fill()
            {
                if (_position < _count)
                {
                    return true;
                }

                _count = Math.Max(_stream.Read(_buffer, 0, _buffer.Length), 0);
                _position = 0;
                return _count > 0;
            }
        }
    }
}
