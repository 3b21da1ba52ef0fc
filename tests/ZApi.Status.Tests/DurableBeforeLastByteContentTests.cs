using ZApi.Status.History;

namespace ZApi.Status.Tests;

/// <summary>The body of a claimed post cannot complete before its in-flight entry is on disk.</summary>
public sealed class DurableBeforeLastByteContentTests
{
    [Fact]
    public async Task The_last_byte_waits_for_the_flush_and_the_rest_goes_ahead()
    {
        byte[] body = TestImages.Png(100_000);
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var content = new DurableBeforeLastByteContent(new ByteArrayContent(body), flushed.Task);
        var sent = new MemoryStream();

        Task copying = content.CopyToAsync(sent);
        Assert.False(copying.IsCompleted);
        Assert.Equal(body.Length - 1, sent.Length);
        Assert.Equal(body.Length, content.Headers.ContentLength);

        flushed.SetResult();
        await copying;
        Assert.Equal(body, sent.ToArray());
    }

    [Fact]
    public async Task A_failed_flush_fails_the_body_before_it_is_complete()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var content = new DurableBeforeLastByteContent(new ByteArrayContent(new byte[] { 1, 2, 3 }), flushed.Task);
        var sent = new MemoryStream();
        Task copying = content.CopyToAsync(sent);
        flushed.SetException(new ZApiException(ZApiErrorId.HistoryUnavailable, "disk gone"));
        await Assert.ThrowsAnyAsync<Exception>(() => copying);
        Assert.Equal(2, sent.Length);
    }
}
