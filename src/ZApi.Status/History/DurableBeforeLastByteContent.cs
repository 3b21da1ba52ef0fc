using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>
    /// A request body that holds back its last byte until the in-flight entry is on disk. Z-API acts only on a whole
    /// body, so the status cannot be posted before the history would survive a power cut; meanwhile the disk flush
    /// (milliseconds) overlaps the upload instead of being added to it. A body of unknown length waits before its
    /// first byte.
    /// </summary>
    internal sealed class DurableBeforeLastByteContent : WrappingContent
    {
        private readonly Task _durable;

        public DurableBeforeLastByteContent(HttpContent inner, Task durable)
            : base(inner)
        {
            _durable = durable;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            long? length = Inner.Headers.ContentLength;
            if (length == null || length == 0)
            {
                await _durable.ConfigureAwait(false);
                await Inner.CopyToAsync(stream).ConfigureAwait(false);
                return;
            }

            await Inner.CopyToAsync(new HoldLastByteStream(stream, length.Value, _durable)).ConfigureAwait(false);
        }

        /// <summary>Passes writes through, except the byte that completes the body, which waits for the flush.</summary>
        private sealed class HoldLastByteStream : WriteOnlyStream
        {
            private readonly long _length;
            private readonly Task _durable;
            private long _written;

            public HoldLastByteStream(Stream target, long length, Task durable)
                : base(target)
            {
                _length = length;
                _durable = durable;
            }

            public override long Position
            {
                get => _written;
                set => throw new NotSupportedException();
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_written + count < _length || count == 0)
                {
                    await Target.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Target.WriteAsync(buffer, offset, count - 1, cancellationToken).ConfigureAwait(false);
                    await Target.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await _durable.ConfigureAwait(false);
                    await Target.WriteAsync(buffer, offset + count - 1, 1, cancellationToken).ConfigureAwait(false);
                }

                _written += count;
            }

            public override void Write(byte[] buffer, int offset, int count) =>
                WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        }
    }
}
