using System.Net;
using System.Net.Sockets;

namespace ZApi.Status.Tests;

/// <summary>
/// A loopback port that accepts no connection: a listener with a backlog of one that is never accepted from, its
/// queue filled, so the kernel drops further SYNs as a firewall would.
/// </summary>
public sealed class BlackHolePort : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers;

    private BlackHolePort(Socket listener, List<Socket> fillers)
    {
        _listener = listener;
        _fillers = fillers;
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");

    /// <summary>Null where the platform queues every loopback connection.</summary>
    public static BlackHolePort? Open()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var fillers = new List<Socket>();
        for (int i = 0; i < 16; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            if (!filler.ConnectAsync(listener.LocalEndPoint!).Wait(TimeSpan.FromMilliseconds(500)))
            {
                return new BlackHolePort(listener, fillers);
            }
        }

        listener.Dispose();
        fillers.ForEach(f => f.Dispose());
        return null;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _fillers.ForEach(f => f.Dispose());
    }
}
