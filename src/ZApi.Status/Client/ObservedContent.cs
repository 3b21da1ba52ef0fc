using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Wraps a request body to learn two things the handler does not say: whether the connection was made and the
    /// body began (before that, nothing can have been posted), and each moment bytes move (which re-arms the
    /// deadline on silence, so a slow uplink is not a timeout while it makes progress).
    /// </summary>
    internal sealed class ObservedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action _moved;
        private int _started;

        public ObservedContent(HttpContent inner, Action moved)
        {
            _inner = inner;
            _moved = moved;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        /// <summary>True once the handler asked for the body: the connection was established.</summary>
        public bool Started => Volatile.Read(ref _started) != 0;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Volatile.Write(ref _started, 1);
            _moved();
            return _inner.CopyToAsync(new MovingStream(stream, _moved));
        }

        protected override bool TryComputeLength(out long length)
        {
            long? known = _inner.Headers.ContentLength;
            length = known ?? 0;
            return known.HasValue;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>A write-only pass-through that reports each write.</summary>
        private sealed class MovingStream : Stream
        {
            private readonly Stream _inner;
            private readonly Action _moved;

            public MovingStream(Stream inner, Action moved)
            {
                _inner = inner;
                _moved = moved;
            }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Flush() => _inner.Flush();

            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                _moved();
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                _moved();
            }
        }
    }
}
