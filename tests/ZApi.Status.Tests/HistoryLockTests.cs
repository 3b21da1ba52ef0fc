using ZApi.Status.History;

namespace ZApi.Status.Tests;

/// <summary>The history lock: one lock file for every spelling of a history, and a wait that Ctrl+C ends.</summary>
public sealed class HistoryLockTests : IDisposable
{
    private readonly HistoryScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string HistoryPath => _scratch.HistoryPath;

    /// <summary>The lock file held the way another process holds it.</summary>
    private FileStream HoldLockFile(string lockPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public void A_wait_for_a_held_lock_ends_at_once_when_cancelled()
    {
        using FileStream holder = HoldLockFile(HistoryPath + ".lock");
        using var cancellation = new CancellationTokenSource();
        Task<HistoryLock> waiting = Task.Run(() => HistoryLock.Acquire(HistoryPath, TimeSpan.FromMinutes(5), cancellation.Token));
        Assert.False(((IAsyncResult)waiting).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(100)), "the lock is held: Acquire waits");

        cancellation.Cancel();
        // Far less than the five minutes it would otherwise wait; generous for a loaded machine.
        Assert.True(((IAsyncResult)waiting).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)), "Acquire still waits after the cancel");
        AggregateException error = Assert.Throws<AggregateException>(() => waiting.Wait());
        Assert.IsType<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public void An_already_cancelled_token_takes_no_lock_and_makes_no_lock_file()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
        Assert.Throws<OperationCanceledException>(() => HistoryLock.Acquire(HistoryPath, TimeSpan.FromMinutes(5), cancellation.Token));
        Assert.False(File.Exists(HistoryPath + ".lock"));
    }

    [Fact]
    public void A_cancelled_wait_for_the_lock_of_an_open_history_claims_nothing()
    {
        using (HistorySession first = _scratch.Open())
        {
            HistoryScratch.PostThrough(first, _scratch.Image(1), "m-1");
        }

        byte[] before = File.ReadAllBytes(HistoryPath);
        using HistoryFile file = HistoryFile.OpenForWriting(HistoryPath, _scratch.Warnings.Add, TimeSpan.FromSeconds(20));
        using (HoldLockFile(HistoryPath + ".lock"))
        using (var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            Assert.Throws<OperationCanceledException>(() => file.Lock(cancellation.Token));
        }

        Assert.Equal(before, File.ReadAllBytes(HistoryPath));
        using HistoryLock free = file.Lock(CancellationToken.None);
    }

    [SkippableFact]
    public void Every_spelling_of_a_history_reached_through_links_takes_the_lock_beside_its_final_target()
    {
        string real = Path.Combine(_scratch.Folder, "real", "history.jsonl");
        string one = Path.Combine(_scratch.Folder, "links", "one.jsonl");
        string two = Path.Combine(_scratch.Folder, "two.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        Directory.CreateDirectory(Path.GetDirectoryName(one)!);
        using (HistorySession created = _scratch.Open(real))
        {
            HistoryScratch.PostThrough(created, _scratch.Image(1), "m-1");
        }

        CreateLinkOrSkip(one, real);
        CreateLinkOrSkip(two, one);

        using (HistoryLock.Acquire(two, TimeSpan.Zero))
        {
            foreach (string spelling in new[] { real, one })
            {
                var error = Assert.Throws<ZApiException>(() => HistoryLock.Acquire(spelling, TimeSpan.FromMilliseconds(200)));
                Assert.Contains("stayed locked for 0.2 s", error.Message);
            }

            var run = Assert.Throws<ZApiException>(() => _scratch.Open(real, TimeSpan.FromMilliseconds(200)));
            Assert.Contains(real + ".lock", run.Message);
        }

        Assert.False(File.Exists(one + ".lock"));
        Assert.False(File.Exists(two + ".lock"));
        using HistorySession throughTheLink = _scratch.Open(two);
        Assert.Equal(HistoryVerdict.AlreadyPosted, throughTheLink.Check(_scratch.Image(1))!.Verdict);
    }

    [SkippableFact]
    public void A_new_history_in_a_linked_folder_is_made_and_locked_through_that_folder()
    {
        string realFolder = Path.Combine(_scratch.Folder, "real");
        string linkedFolder = Path.Combine(_scratch.Folder, "linked");
        Directory.CreateDirectory(realFolder);
        try
        {
            Directory.CreateSymbolicLink(linkedFolder, realFolder);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
        {
            Skip.If(true, "this user may not create symbolic links: " + ex.Message);
        }

        using (HistorySession created = _scratch.Open(Path.Combine(linkedFolder, "history.jsonl"), TimeSpan.FromMilliseconds(200)))
        {
            HistoryScratch.PostThrough(created, _scratch.Image(1), "m-1");
            using (HistoryLock.Acquire(Path.Combine(realFolder, "history.jsonl"), TimeSpan.Zero))
            {
                Assert.Throws<ZApiException>(() => created.Claim(_scratch.Image(2), created.Check(_scratch.Image(2))!, default));
            }
        }

        Assert.True(File.Exists(Path.Combine(realFolder, "history.jsonl")));
        Assert.True(File.Exists(Path.Combine(realFolder, "history.jsonl.lock")));
    }

    private static void CreateLinkOrSkip(string link, string target)
    {
        try
        {
            File.CreateSymbolicLink(link, target);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
        {
            Skip.If(true, "this user may not create symbolic links: " + ex.Message);
        }
    }
}
