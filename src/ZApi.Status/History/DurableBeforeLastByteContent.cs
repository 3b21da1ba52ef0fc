using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.History
{
    /// <summary>
    /// A request body that holds back its last byte until the in-flight entry is on disk. Z-API acts only on a whole
    /// body, so the status cannot be posted before the history would survive a power cut; meanwhile the disk flush
    /// (milliseconds) overlaps the upload instead of being added to it. A body of unknown length waits before its
    /// first byte.
    /// </summary>
    internal sealed class DurableBeforeLastByteContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Task _durable;

        public DurableBeforeLastByteContent(HttpContent inner, Task durable)
        {
            _inner = inner;
            _durable = durable;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            long? length = _inner.Headers.ContentLength;
            if (length == null || length == 0)
            {
                await _durable.ConfigureAwait(false);
                await _inner.CopyToAsync(stream).ConfigureAwait(false);
                return;
            }

            await _inner.CopyToAsync(new HoldLastByteStream(stream, length.Value, _durable)).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>Passes writes through, except the byte that completes the body, which waits for the flush.</summary>
        private sealed class HoldLastByteStream : Stream
        {
            private readonly Stream _target;
            private readonly long _length;
            private readonly Task _durable;
            private long _written;

            public HoldLastByteStream(Stream target, long length, Task durable)
            {
                _target = target;
                _length = length;
                _durable = durable;
            }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => _written;
                set => throw new NotSupportedException();
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_written + count < _length || count == 0)
                {
                    await _target.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _target.WriteAsync(buffer, offset, count - 1, cancellationToken).ConfigureAwait(false);
                    await _target.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await _durable.ConfigureAwait(false);
                    await _target.WriteAsync(buffer, offset + count - 1, 1, cancellationToken).ConfigureAwait(false);
                }

                _written += count;
            }

            public override void Write(byte[] buffer, int offset, int count) =>
                WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override Task FlushAsync(CancellationToken cancellationToken) => _target.FlushAsync(cancellationToken);

            public override void Flush() => _target.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
