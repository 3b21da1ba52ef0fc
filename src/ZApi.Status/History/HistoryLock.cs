using System;
using System.IO;
using System.Threading;
using ZApi.Shared.Files;

namespace ZApi.Status.History
{
    /// <summary>
    /// The cross-process lock around every read-check-write of a history: a lock file beside it, opened with
    /// FileShare.None. That is a share mode, which Windows and SMB servers enforce between machines (so Hybrid Runbook
    /// Workers can share one history) and .NET on Linux and macOS maps to flock. Byte-range locks (FileStream.Lock)
    /// would work on SMB too, but POSIX record locks belong to the process on some systems, so two pipelines in one
    /// process (ForEach-Object -Parallel) might not exclude each other. The lock file is never deleted: a deleted and
    /// re-created file would let two processes hold "the" lock at once. A history reached through a symbolic link is
    /// locked beside the link's final target, so the link and the real path exclude each other.
    /// </summary>
    internal sealed class HistoryLock : IDisposable
    {
        private readonly FileStream _file;

        private HistoryLock(FileStream file) => _file = file;

        /// <summary>
        /// Takes the lock, retrying while another process holds it, for at most <paramref name="wait"/>. A cancelled
        /// <paramref name="cancellationToken"/> (Ctrl+C) ends the wait at once with OperationCanceledException, holding nothing.
        /// </summary>
        public static HistoryLock Acquire(string historyPath, TimeSpan wait, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string lockPath = LinkTarget.Resolve(historyPath) + ".lock";
            var random = new Random();
            DateTime deadline = DateTime.UtcNow + wait;
            while (true)
            {
                try
                {
                    return new HistoryLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
                }
                catch (IOException ex) when (!(ex is FileNotFoundException || ex is DirectoryNotFoundException || ex is PathTooLongException))
                {
                    // Held by another process: the holders only append a line, so it is free again within milliseconds.
                    if (DateTime.UtcNow >= deadline)
                    {
                        throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                            $"The status history '{historyPath}' stayed locked for {wait.TotalSeconds:0.#} s ({lockPath}): {ex.Message} "
                            + "Another process holds it; if none is running, check that the file system supports locks.", ex);
                    }

                    if (cancellationToken.WaitHandle.WaitOne(random.Next(5, 30)))
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
                catch (Exception ex) when (FileSystemFailure.Is(ex))
                {
                    throw HistoryFile.Unavailable(historyPath, "create its lock file " + lockPath, ex);
                }
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
