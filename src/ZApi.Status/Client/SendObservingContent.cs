using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Wraps a request body to learn when it starts to go out: HttpClient serialises the body only once the
    /// connection is made, so before that moment a cancelled post cannot have reached Z-API, and after it, it may have.
    /// </summary>
    internal sealed class SendObservingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action _started;

        public SendObservingContent(HttpContent inner, Action started)
        {
            _inner = inner;
            _started = started;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _started();
            return _inner.CopyToAsync(stream, context);
        }

        protected override bool TryComputeLength(out long length)
        {
            long? inner = _inner.Headers.ContentLength;
            length = inner ?? 0;
            return inner.HasValue;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
