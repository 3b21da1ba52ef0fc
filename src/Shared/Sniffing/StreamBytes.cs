using System.IO;

namespace ZApi.Shared.Sniffing
{
    /// <summary>Reading a known number of bytes from a stream, which may hand them over in smaller pieces.</summary>
    internal static class StreamBytes
    {
        /// <summary>Reads until <paramref name="count"/> bytes or the end; returns how many it got.</summary>
        public static int ReadUpTo(Stream stream, byte[] buffer, int count)
        {
            int total = 0;
            int read;
            while (total < count && (read = stream.Read(buffer, total, count - total)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
