using System.Globalization;
using System.IO;
using System.Text;

namespace ZApi.Shared.Sniffing
{
    /// <summary>
    /// Checks that an MP4 or 3GP file is made of whole top-level boxes and has the two a player needs: moov (the
    /// index of the samples) and mdat (the samples). Only the box headers are read, by seeking from one box to the
    /// next, so a 10 MB clip costs a handful of small reads and nothing is decoded.
    /// </summary>
    internal static class IsoMediaLayout
    {
        /// <summary>A real file has a few top-level boxes, a fragmented one a few hundred; a walk stops after this many.</summary>
        public const int MaximumBoxes = 4096;

        /// <summary>
        /// What makes the ISO media content of <paramref name="stream"/> (read from its start, which must be seekable)
        /// unplayable, as a phrase for a message; null when its top-level boxes are whole and include moov and mdat.
        /// </summary>
        public static string? FindDefect(Stream stream)
        {
            long length = stream.Length;
            var header = new byte[16];
            bool hasIndex = false;
            bool hasSamples = false;
            long offset = 0;
            for (int count = 0; count < MaximumBoxes && offset < length; count++)
            {
                if (length - offset < 8)
                {
                    // Too short for a box: padding after the last one, which players skip as well.
                    break;
                }

                stream.Position = offset;
                ReadFully(stream, header, 8);
                if (!IsBoxType(header))
                {
                    return Format("there is no valid box at byte {0:N0} (its type is not four printable characters): the file is damaged", offset);
                }

                string type = Encoding.ASCII.GetString(header, 4, 4);
                long size = ((long)header[0] << 24) | ((long)header[1] << 16) | ((long)header[2] << 8) | header[3];
                int headerSize = 8;
                if (size == 1)
                {
                    // A 64-bit size follows the type: an mdat over 4 GB, or a muxer that always writes it.
                    if (length - offset < 16)
                    {
                        return Format("its '{0}' box at byte {1:N0} is cut short in its header: the file is cut short", type, offset);
                    }

                    ReadFully(stream, header, 8);
                    size = 0;
                    for (int i = 0; i < 8; i++)
                    {
                        size = (size << 8) | header[i];
                    }

                    headerSize = 16;
                }
                else if (size == 0)
                {
                    // The last box runs to the end of the file.
                    size = length - offset;
                }

                if (size < headerSize)
                {
                    return Format("its '{0}' box at byte {1:N0} claims {2:N0} bytes, less than its own header: the file is damaged", type, offset, size);
                }

                if (size > length - offset)
                {
                    return Format("its '{0}' box at byte {1:N0} needs {2:N0} bytes, but the file ends after {3:N0}: the file is cut short", type, offset, size, length - offset);
                }

                hasIndex |= type == "moov";
                hasSamples |= type == "mdat";
                offset += size;
            }

            if (!hasIndex)
            {
                return "it has no 'moov' box, the index a player needs to find the pictures and the sound (a recording that was never finished, or a file cut short)";
            }

            return hasSamples ? null : "it has no 'mdat' box: there are no pictures or sound in it";
        }

        /// <summary>Bytes 4 to 7 of a box header are four printable ASCII characters, as every box type is ("ftyp", "moov", "mdat", "uuid", ...).</summary>
        private static bool IsBoxType(byte[] header)
        {
            for (int i = 4; i < 8; i++)
            {
                if (header[i] < 0x20 || header[i] > 0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        private static void ReadFully(Stream stream, byte[] buffer, int count)
        {
            if (StreamBytes.ReadUpTo(stream, buffer, count) < count)
            {
                throw new EndOfStreamException("The file ended while its box headers were read.");
            }
        }

        private static string Format(string format, params object[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
    }
}
