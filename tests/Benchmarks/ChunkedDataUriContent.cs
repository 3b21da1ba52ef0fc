using System.Buffers;
using System.Net;
using ZApi.Status.Media;
using Base64Utf8 = System.Buffers.Text.Base64;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// A copy of the module's data-URI body writer with the knobs the path profile turns: the chunk size, and whether the
/// file is read synchronously or with ReadAsync. Same bytes as the module's; only for measuring.
/// </summary>
internal sealed class ChunkedDataUriContent : HttpContent
{
    private static readonly byte[] Prefix = "{\"image\":\"data:image/png;base64,"u8.ToArray();
    private static readonly byte[] Suffix = "\",\"caption\":\"bench\"}"u8.ToArray();

    private readonly Func<Stream> _open;
    private readonly long _length;
    private readonly int _chunk;
    private readonly bool _readAsync;

    public ChunkedDataUriContent(Func<Stream> open, long length, int chunkBytes, bool readAsync)
    {
        _open = open;
        _length = length;
        _chunk = chunkBytes / 3 * 3;
        _readAsync = readAsync;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Prefix.Length + DataUriJsonContent.Base64Length(_length) + Suffix.Length;
        return true;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Prefix);
        int chunk = (int)Math.Min(_chunk, _length);
        byte[] input = ArrayPool<byte>.Shared.Rent(chunk);
        byte[] output = ArrayPool<byte>.Shared.Rent((int)DataUriJsonContent.Base64Length(chunk));
        try
        {
            using Stream source = _open();
            long remaining = _length;
            while (remaining > 0)
            {
                int wanted = (int)Math.Min(chunk, remaining);
                int got = 0;
                while (got < wanted)
                {
                    int read = _readAsync ? await source.ReadAsync(input.AsMemory(got, wanted - got)) : source.Read(input, got, wanted - got);
                    if (read == 0)
                    {
                        throw new IOException("short read");
                    }

                    got += read;
                }

                remaining -= wanted;
                Base64Utf8.EncodeToUtf8(input.AsSpan(0, wanted), output, out _, out int written, isFinalBlock: remaining == 0);
                await stream.WriteAsync(output.AsMemory(0, written));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }

        await stream.WriteAsync(Suffix);
    }
}
