using System;
using System.IO;
using System.Security.Cryptography;

namespace ZApi.Status.Media
{
    /// <summary>
    /// Reads a post's content and, before it hands over the bytes that complete it, checks that they hash to the
    /// SHA-256 the status history identified the post by. A file rewritten at the same size between the check and the
    /// send (a photo rotated in place, a copy made with its size and time kept) would otherwise be posted as new
    /// bytes under the old bytes' identity, and a later run would post the new bytes once more.
    /// </summary>
    internal sealed class ContentHashCheckingStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _length;
        private readonly string _expectedSha256;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _read;

        /// <param name="length">The content's size as checked: the read that reaches it is held back until the hash matches.</param>
        /// <param name="expectedSha256">Lower-case hex, as the status identity writes it.</param>
        public ContentHashCheckingStream(Stream inner, long length, string expectedSha256)
        {
            _inner = inner;
            _length = length;
            _expectedSha256 = expectedSha256;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        /// <exception cref="IOException">The content read so far is not what the history identified.</exception>
        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _inner.Read(buffer, offset, count);
            if (read <= 0 || _read >= _length)
            {
                return read;
            }

            _hash.AppendData(buffer, offset, read);
            _read += read;
            if (_read >= _length && !string.Equals(Sha256Text.Of(_hash.GetHashAndReset()), _expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException("its content changed after it was checked against the status history");
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
