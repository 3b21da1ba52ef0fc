using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ZApi.Sandbox;
using ZApi.Status.Client;
using ZApi.Status.Media;

namespace ZApi.Status.Tests;

/// <summary>
/// GET /_sandbox/requests holds every request to a Z-API route, also the ones whose client went away mid-upload (as
/// Ctrl+C does): marked aborted, with the body bytes that had arrived.
/// </summary>
public sealed class SandboxRequestLogTests : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly SandboxServer _sandbox;

    public SandboxRequestLogTests(SandboxServer sandbox) => _sandbox = sandbox;

    public Task InitializeAsync() => _sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The request log once it holds <paramref name="count"/> entries; bounded, as the sandbox logs when it has given up on a request.</summary>
    private async Task<JsonElement[]> RequestsAsync(int count)
    {
        JsonElement[] requests = Array.Empty<JsonElement>();
        for (int i = 0; i < 200 && requests.Length < count; i++)
        {
            requests = (await _sandbox.Http.GetFromJsonAsync<JsonElement[]>("_sandbox/requests"))!;
            if (requests.Length < count)
            {
                await Task.Delay(50);
            }
        }

        return requests;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_whose_client_hangs_up_halfway_is_recorded_as_aborted_with_the_bytes_that_arrived(bool reset)
    {
        byte[] start = Encoding.ASCII.GetBytes("{\"image\":\"data:image/png;base64," + new string('A', 100_000 - 32));
        Assert.Equal(100_000, start.Length);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, _sandbox.BaseUri.Port);
            NetworkStream stream = client.GetStream();
            string head = $"POST /{SandboxServer.Route("send-image-status")} HTTP/1.1\r\nHost: 127.0.0.1\r\nClient-Token: {SandboxServer.ClientToken}\r\n" +
                "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(start);
            // A moment for loopback to hand the bytes over, then the client is gone: a reset as a killed process
            // leaves, or an orderly close before the announced length.
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (reset)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
            }
            else
            {
                client.Client.Shutdown(SocketShutdown.Send);
                using var done = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    while (await stream.ReadAsync(new byte[4096], done.Token) > 0)
                    {
                    }
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException)
                {
                }
            }
        }

        JsonElement request = Assert.Single(await RequestsAsync(1));

        Assert.Equal("POST", request.GetProperty("method").GetString());
        Assert.Equal("send-image-status", request.GetProperty("action").GetString());
        Assert.True(request.GetProperty("aborted").GetBoolean());
        Assert.Equal(0, request.GetProperty("statusCode").GetInt32());
        Assert.Equal(100_000, request.GetProperty("bytesReceived").GetInt64());
        Assert.Empty(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task A_post_the_module_cancels_mid_upload_as_Ctrl_C_does_is_recorded_as_aborted()
    {
        byte[] image = TestImages.Png(256 * 1024);
        long sent = 0;
        using var stop = new CancellationTokenSource();
        var source = new StallingStream(image, image.Length / 2, stop.Token);
        var post = new MediaStatusPost(MediaKind.Image, MediaSource.ForContent("half.png", "image/png", image.Length, () => source), null);

        Task<QueuedStatus> sending = new ZApiClient(_sandbox.Connection()).SendAsync(post, RetryPolicy.None, null, stop.Token,
            (bytes, _) => Interlocked.Exchange(ref sent, bytes));
        await source.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        // Half the image has left the client; a moment for loopback to deliver it, then Ctrl+C.
        await Task.Delay(TimeSpan.FromSeconds(1));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        JsonElement request = Assert.Single(await RequestsAsync(1));
        Assert.True(request.GetProperty("aborted").GetBoolean());
        Assert.Equal(0, request.GetProperty("statusCode").GetInt32());
        // The image bytes the client reported sent travel as Base64, 4 characters for 3; the whole body never came.
        Assert.InRange(request.GetProperty("bytesReceived").GetInt64(), Interlocked.Read(ref sent) * 4 / 3, image.Length * 4L / 3);
        Assert.Empty(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task A_client_that_gives_up_while_the_sandbox_delays_is_recorded_as_aborted()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { DelaySec = 30 });
        using var impatient = new HttpClient { BaseAddress = _sandbox.BaseUri, Timeout = TimeSpan.FromMilliseconds(500) };
        using var request = new HttpRequestMessage(HttpMethod.Post, SandboxServer.Route("send-text-status")) { Content = JsonContent.Create(new { message = "never" }) };
        request.Headers.Add("Client-Token", SandboxServer.ClientToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.SendAsync(request));

        JsonElement logged = Assert.Single(await RequestsAsync(1));
        Assert.True(logged.GetProperty("aborted").GetBoolean());
        Assert.Equal(0, logged.GetProperty("statusCode").GetInt32());
        Assert.Empty(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task An_answered_request_records_its_body_bytes_its_time_and_that_it_was_not_aborted()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { DelaySec = 0.3 });
        string json = JsonSerializer.Serialize(new { message = "héllo 🎉" });

        var (status, _) = await _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route("send-text-status"), json);

        JsonElement request = Assert.Single(await RequestsAsync(1));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, request.GetProperty("statusCode").GetInt32());
        Assert.False(request.GetProperty("aborted").GetBoolean());
        Assert.Equal(Encoding.UTF8.GetByteCount(json), request.GetProperty("bytesReceived").GetInt64());
        // The 0.3 s delay, give or take the timer's resolution: a timer may fire a fraction of a millisecond early.
        Assert.True(request.GetProperty("durationMs").GetDouble() >= 290, request.ToString());
    }

    [Fact]
    public async Task A_connection_the_sandbox_drops_on_purpose_is_not_counted_as_the_client_aborting()
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { DropConnectionCount = 1 });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _sandbox.CallAsync(HttpMethod.Post, SandboxServer.Route("send-text-status"), """{"message":"dropped"}"""));

        JsonElement request = Assert.Single(await RequestsAsync(1));
        Assert.Equal(0, request.GetProperty("statusCode").GetInt32());
        Assert.False(request.GetProperty("aborted").GetBoolean());
    }

    /// <summary>Gives the first <c>available</c> bytes, then waits as a stalled upload does until the test stops it.</summary>
    private sealed class StallingStream(byte[] bytes, int available, CancellationToken stop) : Stream
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        /// <summary>Done once every available byte has been read and the next read waits.</summary>
        public Task Stalled => _stalled.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = Take(buffer.AsSpan(offset, count));
            if (read > 0)
            {
                return read;
            }

            _stalled.TrySetResult();
            stop.WaitHandle.WaitOne();
            throw new OperationCanceledException(stop);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = Take(buffer.Span);
            if (read > 0)
            {
                return read;
            }

            _stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, stop);
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Take(Span<byte> buffer)
        {
            int count = Math.Min(buffer.Length, available - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}
