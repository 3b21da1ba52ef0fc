using System.Net.Http;

namespace ZApi.Status.Client
{
    /// <summary>
    /// A request body that passes another body through while it watches or paces the bytes: it carries the inner
    /// body's headers and length, and disposes it. Subclasses say what happens on the way.
    /// </summary>
    internal abstract class WrappingContent : HttpContent
    {
        protected WrappingContent(HttpContent inner)
        {
            Inner = inner;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected HttpContent Inner { get; }

        protected override bool TryComputeLength(out long length)
        {
            long? known = Inner.Headers.ContentLength;
            length = known ?? 0;
            return known.HasValue;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
