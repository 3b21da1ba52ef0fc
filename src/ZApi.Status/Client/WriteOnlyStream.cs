using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Client
{
    /// <summary>The write side of a request body, passed through to the handler's stream: subclasses override the writes.</summary>
    internal abstract class WriteOnlyStream : Stream
    {
        protected WriteOnlyStream(Stream target) => Target = target;

        protected Stream Target { get; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => Target.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => Target.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
