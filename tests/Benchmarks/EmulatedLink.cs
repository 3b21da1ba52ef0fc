using System.Diagnostics;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// One direction of a network link, shared by every connection that crosses it: bytes are serialised one after
/// another at the link's rate, then arrive half a round trip later. It only computes when each chunk arrives; the
/// proxy holds the chunk until then.
/// </summary>
internal sealed class EmulatedLink
{
    private readonly object _gate = new();
    private readonly double _ticksPerByte;
    private long _busyUntil;
    private long _bytes;

    /// <param name="oneWayDelay">Half the round trip.</param>
    /// <param name="bitsPerSecond">The link's rate in this direction.</param>
    public EmulatedLink(TimeSpan oneWayDelay, long bitsPerSecond)
    {
        OneWayDelayTicks = (long)(oneWayDelay.TotalSeconds * Stopwatch.Frequency);
        _ticksPerByte = 8.0 * Stopwatch.Frequency / bitsPerSecond;
    }

    public long OneWayDelayTicks { get; }

    public long Bytes => Interlocked.Read(ref _bytes);

    public void ResetCount() => Interlocked.Exchange(ref _bytes, 0);

    /// <summary>The Stopwatch timestamp at which <paramref name="count"/> bytes read now arrive at the other end.</summary>
    /// <param name="notBefore">The earliest moment they may start, such as the end of a connection's TCP handshake.</param>
    public long Arrival(int count, long notBefore)
    {
        Interlocked.Add(ref _bytes, count);
        lock (_gate)
        {
            long start = Math.Max(Math.Max(Stopwatch.GetTimestamp(), _busyUntil), notBefore);
            _busyUntil = start + (long)(count * _ticksPerByte);
            return _busyUntil + OneWayDelayTicks;
        }
    }
}
