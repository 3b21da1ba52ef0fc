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
    internal sealed class ObservedContent : WrappingContent
    {
        private readonly Action _moved;
        private int _started;

        public ObservedContent(HttpContent inner, Action moved)
            : base(inner)
        {
            _moved = moved;
        }

        /// <summary>True once the handler asked for the body: the connection was established.</summary>
        public bool Started => Volatile.Read(ref _started) != 0;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Volatile.Write(ref _started, 1);
            _moved();
            return Inner.CopyToAsync(new MovingStream(stream, _moved));
        }

        /// <summary>A write-only pass-through that reports each write.</summary>
        private sealed class MovingStream : WriteOnlyStream
        {
            private readonly Action _moved;

            public MovingStream(Stream target, Action moved)
                : base(target)
            {
                _moved = moved;
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                Target.Write(buffer, offset, count);
                _moved();
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Target.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                _moved();
            }
        }
    }
}
