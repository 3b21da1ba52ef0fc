using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// A TCP proxy on 127.0.0.1 that makes loopback behave like a phone's uplink: every byte crosses an
/// <see cref="EmulatedLink"/> each way (a round-trip delay and a rate cap, as netem would add), and a new connection
/// first pays one round trip for the TCP handshake. It forwards bytes untouched, so TLS runs end to end between the
/// client and the server behind it.
/// </summary>
internal sealed class LinkProxy : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;
    /// <summary>Chunks held per direction and connection: about a megabyte, deeper than the link's bandwidth-delay product.</summary>
    private const int QueuedChunks = 64;

    private readonly IPEndPoint _target;
    private readonly EmulatedLink _up;
    private readonly EmulatedLink _down;
    private readonly long _roundTripTicks;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;
    private long _connections;
    private long _lateTicks;
    private long _chunks;

    public LinkProxy(IPEndPoint target, TimeSpan roundTrip, long bitsPerSecond)
    {
        _target = target;
        _roundTripTicks = (long)(roundTrip.TotalSeconds * Stopwatch.Frequency);
        _up = new EmulatedLink(roundTrip / 2, bitsPerSecond);
        _down = new EmulatedLink(roundTrip / 2, bitsPerSecond);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public void Start()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>Connections opened, bytes each way, and how late the proxy delivered a chunk on average (timer slack).</summary>
    public object Stats() => new
    {
        connections = Interlocked.Read(ref _connections),
        bytesUp = _up.Bytes,
        bytesDown = _down.Bytes,
        meanLateMs = Interlocked.Read(ref _lateTicks) * 1000.0 / Stopwatch.Frequency / Math.Max(1, Interlocked.Read(ref _chunks)),
    };

    public void ResetStats()
    {
        Interlocked.Exchange(ref _connections, 0);
        Interlocked.Exchange(ref _lateTicks, 0);
        Interlocked.Exchange(ref _chunks, 0);
        _up.ResetCount();
        _down.ResetCount();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ForwardAsync(client, Stopwatch.GetTimestamp() + _roundTripTicks);
        }
    }

    /// <param name="open">When the emulated handshake ends: no byte leaves before it.</param>
    private async Task ForwardAsync(Socket client, long open)
    {
        using (client)
        using (var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.NoDelay = true;
            server.NoDelay = true;
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                await Task.WhenAll(PumpAsync(client, server, _up, open), PumpAsync(server, client, _down, open));
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A peer that closed hard ends its connection; the next one is unaffected.
            }
        }
    }

    /// <summary>Reads as fast as the queue allows, and writes each chunk when the link says it arrives.</summary>
    private async Task PumpAsync(Socket from, Socket to, EmulatedLink link, long open)
    {
        Channel<(byte[] Buffer, int Count, long Arrival)> queue = Channel.CreateBounded<(byte[], int, long)>(
            new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });

        async Task ReadAsync()
        {
            try
            {
                while (true)
                {
                    byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                    int read = await from.ReceiveAsync(buffer.AsMemory(0, ChunkBytes), SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        break;
                    }

                    await queue.Writer.WriteAsync((buffer, read, link.Arrival(read, open)), _stop.Token);
                }
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }

        async Task WriteAsync()
        {
            await foreach ((byte[] buffer, int count, long arrival) in queue.Reader.ReadAllAsync(_stop.Token))
            {
                long wait = arrival - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), _stop.Token);
                }

                long late = Stopwatch.GetTimestamp() - arrival;
                Interlocked.Add(ref _lateTicks, Math.Max(0, late));
                Interlocked.Increment(ref _chunks);
                int sent = 0;
                while (sent < count)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, count - sent), SocketFlags.None, _stop.Token);
                }

                ArrayPool<byte>.Shared.Return(buffer);
            }

            // The sender finished: pass the end of its stream on, so the other side can answer or close.
            to.Shutdown(SocketShutdown.Send);
        }

        await Task.WhenAll(ReadAsync(), WriteAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
