using System;
using System.Text;

// The files in this folder are compiled into ZApi.Sandbox as well, so that the sandbox and the module share one
// notion of "is an image" and "is a video". They may use only the base class library and each other.
namespace ZApi.Status.Media.Sniffing
{
    /// <summary>Reads a file signature such as "ftyp" or "RIFF" from a header, for the sniffers to compare.</summary>
    internal static class AsciiSignature
    {
        /// <summary>The bytes at <paramref name="start"/> as ASCII.</summary>
        public static string Read(ReadOnlySpan<byte> bytes, int start, int length) =>
            Encoding.ASCII.GetString(bytes.Slice(start, length).ToArray());
    }
}
