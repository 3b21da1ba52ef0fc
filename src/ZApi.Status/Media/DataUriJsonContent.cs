using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using ZApi.Status.Client;
using Base64Utf8 = System.Buffers.Text.Base64;

namespace ZApi.Status.Media
{
    /// <summary>
    /// A JSON body <c>{"image":"data:&lt;mime&gt;;base64,...", ...}</c> encoded while it is sent: the image is read in
    /// chunks, Base64-encoded into a reused buffer and written to the request, so a large image never sits in memory
    /// as bytes plus a Base64 string plus a JSON string. Its length is known up front, so the request carries a
    /// Content-Length and is not chunked.
    /// </summary>
    internal sealed class DataUriJsonContent : HttpContent
    {
        /// <summary>Bytes read per chunk; a multiple of 3 so that only the last chunk carries Base64 padding.</summary>
        internal const int ChunkBytes = 3 * 32 * 1024;

        private readonly Func<Stream> _openSource;
        private readonly long _sourceLength;
        private readonly byte[] _prefix;
        private readonly byte[] _suffix;
        private readonly Action<long, long>? _bytesSent;
        private readonly Func<Exception, ZApiException>? _sourceFailed;

        /// <param name="field">The JSON property that holds the data URI ("image", "video").</param>
        /// <param name="mimeType">The sniffed type that goes into the data URI.</param>
        /// <param name="sourceLength">The exact number of bytes <paramref name="openSource"/> yields.</param>
        /// <param name="openSource">Opens the bytes; called once per attempt.</param>
        /// <param name="otherFields">Further string fields, written after the data URI when not null.</param>
        /// <param name="bytesSent">Told the source bytes sent so far and the source's length after each chunk, in the unit a user knows the file by; null when nobody asks.</param>
        /// <param name="sourceFailed">The input's error for a source that cannot be opened or read in full; thrown inside a <see cref="BodySourceException"/>.</param>
        public DataUriJsonContent(string field, string mimeType, long sourceLength, Func<Stream> openSource,
            IEnumerable<KeyValuePair<string, string?>> otherFields, Action<long, long>? bytesSent = null,
            Func<Exception, ZApiException>? sourceFailed = null)
        {
            _sourceFailed = sourceFailed;
            _bytesSent = bytesSent;
            _openSource = openSource;
            _sourceLength = sourceLength;

            // Only the data URI's value is streamed: the field names and other values go through the JSON
            // serializer, and we splice its object in behind the data URI ({"caption":"x"} -> ,"caption":"x"}).
            byte[] head = JsonBody.Serialize(new[] { new KeyValuePair<string, string?>(field, "data:" + mimeType + ";base64,") });
            _prefix = new byte[head.Length - 2];
            Array.Copy(head, _prefix, _prefix.Length); // drop the closing quote and brace

            byte[] rest = JsonBody.Serialize(otherFields);
            _suffix = new byte[rest.Length + 1];
            _suffix[0] = (byte)'"';
            if (rest.Length == 2)
            {
                _suffix[1] = (byte)'}';
                Array.Resize(ref _suffix, 2);
            }
            else
            {
                _suffix[1] = (byte)',';
                Array.Copy(rest, 1, _suffix, 2, rest.Length - 1);
            }

            Headers.ContentType = JsonBody.MediaType;
        }

        /// <summary>Base64 characters for <paramref name="byteCount"/> bytes, padding included.</summary>
        public static long Base64Length(long byteCount) => (byteCount + 2) / 3 * 4;

        /// <summary>The whole body: the JSON around the data URI and the Base64 of the source.</summary>
        private long BodyLength => _prefix.Length + Base64Length(_sourceLength) + _suffix.Length;

        protected override bool TryComputeLength(out long length)
        {
            length = BodyLength;
            return true;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_prefix, 0, _prefix.Length).ConfigureAwait(false);

            // Pooled: a batch of images reuses two buffers instead of putting two new ones on the large object heap per image.
            int chunk = (int)Math.Min(ChunkBytes, _sourceLength);
            byte[] input = ArrayPool<byte>.Shared.Rent(chunk);
            byte[] output = ArrayPool<byte>.Shared.Rent((int)Base64Length(chunk));
            try
            {
                await CopyAsBase64Async(stream, chunk, input, output).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(input);
                ArrayPool<byte>.Shared.Return(output);
            }

            await stream.WriteAsync(_suffix, 0, _suffix.Length).ConfigureAwait(false);
        }

        private async Task CopyAsBase64Async(Stream stream, int chunk, byte[] input, byte[] output)
        {
            using (Stream source = OpenSource())
            {
                long remaining = _sourceLength;
                while (remaining > 0)
                {
                    int wanted = (int)Math.Min(chunk, remaining);
                    // A synchronous read: from the page cache it takes microseconds, where ReadAsync on a FileStream
                    // opened for synchronous use would hop to the thread pool for every chunk.
                    if (ReadSource(source, input, wanted) < wanted)
                    {
                        throw ImageChanged();
                    }

                    remaining -= wanted;
                    Base64Utf8.EncodeToUtf8(input.AsSpan(0, wanted), output, out _, out int written, isFinalBlock: remaining == 0);
                    await stream.WriteAsync(output, 0, written).ConfigureAwait(false);
                    _bytesSent?.Invoke(_sourceLength - remaining, _sourceLength);
                }

                if (ReadSource(source, new byte[1], 1) > 0)
                {
                    throw ImageChanged();
                }
            }
        }

        private Stream OpenSource()
        {
            try
            {
                return _openSource();
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw SourceFailed(ex);
            }
        }

        private int ReadSource(Stream source, byte[] buffer, int count)
        {
            try
            {
                return MediaSource.ReadUpTo(source, buffer, count);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw SourceFailed(ex);
            }
        }

        // The Content-Length is already on the wire, so an aborted body makes the server drop the request: the
        // outcome we want for an image that changed after it was checked.
        private Exception ImageChanged() =>
            SourceFailed(new IOException("it changed on disk while it was being sent"));

        private Exception SourceFailed(Exception cause) =>
            _sourceFailed == null ? cause : new BodySourceException(_sourceFailed(cause));
    }
}
