using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>
    /// A status history in a JSON Lines file: read once when a pipeline starts, then only what other processes
    /// appended. A claim re-reads under the cross-process lock and decides again, so two processes never both post a
    /// status; the in-flight line reaches the operating system at once and the disk while the body uploads.
    /// </summary>
    internal sealed class FileHistoryStore : IHistoryStore
    {
        private readonly HistoryFile _file;

        private FileHistoryStore(HistoryFile file) => _file = file;

        public string Name => _file.Path;

        /// <summary>
        /// Opens the history at <paramref name="path"/>: for writing (creating the file and its folder), or for a
        /// dry run (an existing history opened as a real run would, so one it could not write fails the dry run too,
        /// but read without the lock and never written; null when there is none yet, and none is created).
        /// </summary>
        public static FileHistoryStore? Open(string path, bool forWriting, Action<string> warn, TimeSpan? lockWait = null,
            CancellationToken cancellation = default)
        {
            if (forWriting)
            {
                return new FileHistoryStore(HistoryFile.OpenForWriting(path, warn, lockWait ?? HistoryFile.DefaultLockWait, cancellation));
            }

            HistoryFile? file = HistoryFile.OpenForPreview(path, warn);
            return file == null ? null : new FileHistoryStore(file);
        }

        /// <summary>Every status in a history, its latest state, an in-flight one whose process has ended as InDoubt.</summary>
        public static IReadOnlyList<StatusHistoryEntry> ReadEntries(string path, Action<string> warn)
        {
            var entries = new List<StatusHistoryEntry>();
            using (HistoryFile file = HistoryFile.OpenForReading(path, warn))
            {
                foreach (StatusHistoryEntry entry in file.LatestEntries())
                {
                    if (entry.Outcome == StatusHistoryOutcome.InFlight && !ProcessIdentity.IsRunning(entry))
                    {
                        entry.Outcome = StatusHistoryOutcome.InDoubt;
                    }

                    entries.Add(entry);
                }
            }

            return entries;
        }

        public StatusHistoryEntry? Latest(StatusIdentity identity, CancellationToken cancellation) => _file.Latest(identity.Key);

        public HistoryClaim Claim(StatusIdentity identity, Func<StatusHistoryEntry?, HistoryCheck> decide, CancellationToken cancellation)
        {
            HistoryCheck check;
            using (_file.Lock(cancellation))
            {
                _file.CatchUp(underLock: true);
                check = decide(_file.Latest(identity.Key));
                if (check.Verdict != HistoryVerdict.Post)
                {
                    return new HistoryClaim(check, Task.CompletedTask, (outcome, at, queued, errorId) => Task.CompletedTask);
                }

                _file.Append(HistoryLineFormat.Write(identity, StatusHistoryOutcome.InFlight, DateTimeOffset.Now, null, null, null, ProcessIdentity.Current), toDisk: false);
            }

            return new HistoryClaim(check, _file.FlushToDiskAsync(), (outcome, at, queued, errorId) =>
            {
                Record(identity, outcome, at, queued, errorId);
                return Task.CompletedTask;
            });
        }

        /// <summary>On this host, the writing process is checked; one on another host cannot be, so its entry is not live.</summary>
        public bool IsLive(StatusHistoryEntry inFlight) => ProcessIdentity.IsRunning(inFlight);

        /// <summary>Reads every status's latest entry under the lock (a cancellation is rare; no index by zaapId is kept for it), and waits for the disk.</summary>
        public StatusHistoryEntry? RecordCancelled(string zaapId, DateTimeOffset at)
        {
            using (_file.Lock())
            {
                _file.CatchUp(underLock: true);
                StatusHistoryEntry? posted = _file.LatestEntries().LastOrDefault(entry => entry.Outcome == StatusHistoryOutcome.Posted && entry.ZaapId == zaapId);
                if (posted != null)
                {
                    _file.Append(HistoryLineFormat.Write(StatusIdentity.Recorded(posted), StatusHistoryOutcome.Cancelled, at, posted.ZaapId, posted.MessageId, null,
                        ProcessIdentity.Current), toDisk: true);
                }

                return posted;
            }
        }

        public void Dispose() => _file.Dispose();

        /// <summary>
        /// Completes an entry. Handed to the operating system, which keeps it when this process dies, but not waited
        /// onto the disk: a completion lost to a power cut leaves the in-flight entry, which reads as in doubt (never as
        /// "post again"), and skipping the wait keeps one disk flush per status instead of two.
        /// </summary>
        private void Record(StatusIdentity identity, StatusHistoryOutcome outcome, DateTimeOffset at, QueuedStatus? queued, string? errorId)
        {
            using (_file.Lock())
            {
                _file.CatchUp(underLock: true);
                _file.Append(HistoryLineFormat.Write(identity, outcome, at, queued?.ZaapId, queued?.MessageId, errorId, ProcessIdentity.Current), toDisk: false);
            }
        }
    }
}
