using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZApi.Status.Tests;

/// <summary>
/// An HTTP server on a raw loopback socket, for answers no well-behaved server gives: no answer at all, 2xx without
/// ids, a huge body, a proxy that echoes its credentials. Each connection's request head (and body, by its
/// Content-Length) is read, then the handler writes whatever bytes it likes.
/// </summary>
public sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, Stream, CancellationToken, Task> _respond;
    private int _requests;

    /// <param name="respond">Given the request head (request line and headers) and the connection's stream.</param>
    public RawHttpServer(Func<string, Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Requests whose head arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The request lines and bodies (up to 64 KB, as UTF-8) in the order they were read.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string RequestLine, string Body)> Received { get; } = new();

    /// <summary>A handler that writes a whole response with this status, body and Content-Length.</summary>
    public static Func<string, Stream, CancellationToken, Task> Answer(int status, string body, string? extraHeaders = null) =>
        async (_, stream, cancel) =>
        {
            byte[] content = Encoding.UTF8.GetBytes(body);
            byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\n{extraHeaders}Connection: close\r\n\r\n");
            await stream.WriteAsync(head, cancel);
            await stream.WriteAsync(content, cancel);
        };

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string head = await ReadHeadAsync(stream);
                Interlocked.Increment(ref _requests);
                await _respond(head, stream, _stop.Token);
                await stream.FlushAsync();
            }
            catch (Exception)
            {
                // The client went away or the test ended: nothing to report from here.
            }
        }
    }

    /// <summary>Reads the head, then skips the body by its Content-Length.</summary>
    private async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        string text = head.ToString();
        string? length = text.Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        long remaining = length == null ? 0 : long.Parse(length.Substring("Content-Length:".Length).Trim());
        var buffer = new byte[64 * 1024];
        int kept = 0;
        while (remaining > 0)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(kept, (int)Math.Min(buffer.Length - kept, remaining)), _stop.Token);
            if (read == 0)
            {
                break;
            }

            remaining -= read;
            kept = kept + read < buffer.Length ? kept + read : 0;
        }

        Received.Enqueue((text.Split("\r\n")[0], Encoding.UTF8.GetString(buffer, 0, kept)));
        return text;
    }
}
