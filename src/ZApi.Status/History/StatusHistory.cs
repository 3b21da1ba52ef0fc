using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>
    /// The status history as one pipeline uses it: opened (and read) once, then per input a check before
    /// ShouldProcess, a claim under the cross-process lock just before the request, and a completion after it. The
    /// claim re-reads what other processes appended and decides again, so two processes never both post a status.
    /// </summary>
    /// <remarks>
    /// Warnings about damaged lines are held and shown only where a warning that throws (-WarningAction Stop) loses
    /// nothing: before a check, and when the cmdlet is done with an input (<see cref="ShowHeldWarnings"/>); never
    /// between a claim and its completion, nor inside a completion.
    /// </remarks>
    internal sealed class StatusHistory : IDisposable
    {
        private readonly HistoryFile _file;
        private readonly string _instanceId;
        private readonly bool _force;
        private readonly List<string> _heldWarnings;
        private readonly Action<string> _warn;

        private StatusHistory(HistoryFile file, string instanceId, bool force, List<string> heldWarnings, Action<string> warn)
        {
            _file = file;
            _instanceId = instanceId;
            _force = force;
            _heldWarnings = heldWarnings;
            _warn = warn;
        }

        public string Path => _file.Path;

        /// <param name="force">Post every input whatever the history says, and record the new posts.</param>
        public static StatusHistory Open(string path, string instanceId, bool force, Action<string> warn, TimeSpan? lockWait = null) =>
            Opened(held => HistoryFile.OpenForWriting(path, held, lockWait ?? HistoryFile.DefaultLockWait), instanceId, force, warn)!;

        /// <summary>A history for -WhatIf to check against, read and never written; null when the file does not exist yet.</summary>
        public static StatusHistory? OpenForPreview(string path, string instanceId, bool force, Action<string> warn) =>
            Opened(held => HistoryFile.OpenForPreview(path, held), instanceId, force, warn);

        private static StatusHistory? Opened(Func<Action<string>, HistoryFile?> open, string instanceId, bool force, Action<string> warn)
        {
            var held = new List<string>();
            HistoryFile? file;
            try
            {
                file = open(held.Add);
            }
            catch
            {
                // The failure to open goes on; the warnings before it are shown if they can be.
                try
                {
                    Show(held, warn);
                }
                catch (Exception)
                {
                    // A warning that stops (-WarningAction Stop) must not hide why the history could not be opened.
                }

                throw;
            }

            return file == null ? null : new StatusHistory(file, instanceId, force, held, warn);
        }

        /// <summary>Shows the warnings held since the last time; may throw what the warning callback throws.</summary>
        public void ShowHeldWarnings() => Show(_heldWarnings, _warn);

        /// <summary>Shows the held warnings, each taken off the list before it is shown (showing one may throw).</summary>
        private static void Show(List<string> held, Action<string> warn)
        {
            while (held.Count > 0)
            {
                string message = held[0];
                held.RemoveAt(0);
                warn(message);
            }
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

        /// <summary>What the history, as read so far, says about a validated input; reads a file's bytes to hash them.</summary>
        public HistoryCheck Check(StatusPost post)
        {
            ShowHeldWarnings();
            StatusIdentity identity = StatusIdentity.Of(_instanceId, post);
            return Decide(identity, _file.Latest(identity.Key));
        }

        /// <summary>
        /// Under the lock: reads what others appended, decides again, and when it is still to post writes it in flight.
        /// The write reaches the operating system at once (other processes see it, a killed process keeps it); the
        /// flush to disk runs on, and the claim's <see cref="HistoryClaim.Gate"/> makes the request wait for it.
        /// </summary>
        public HistoryClaim Claim(HistoryCheck check)
        {
            HistoryCheck now;
            using (_file.Lock())
            {
                _file.CatchUp(underLock: true);
                now = Decide(check.Identity, _file.Latest(check.Identity.Key));
                if (now.Verdict != HistoryVerdict.Post)
                {
                    return new HistoryClaim(this, now, Task.CompletedTask);
                }

                _file.Append(HistoryLineFormat.Write(check.Identity, StatusHistoryOutcome.InFlight, DateTimeOffset.Now, null, null, null, ProcessIdentity.Current), toDisk: false);
            }

            return new HistoryClaim(this, now, _file.FlushToDiskAsync());
        }

        /// <summary>
        /// Completes an entry. Handed to the operating system, which keeps it when this process dies, but not waited
        /// onto the disk: a completion lost to a power cut leaves the in-flight entry, which reads as in doubt (never as
        /// "post again"), and skipping the wait keeps one disk flush per status instead of two.
        /// </summary>
        internal void Record(StatusIdentity identity, StatusHistoryOutcome outcome, DateTimeOffset at, QueuedStatus? queued, string? errorId)
        {
            using (_file.Lock())
            {
                _file.CatchUp(underLock: true);
                _file.Append(HistoryLineFormat.Write(identity, outcome, at, queued?.ZaapId, queued?.MessageId, errorId, ProcessIdentity.Current), toDisk: false);
            }
        }

        public void Dispose() => _file.Dispose();

        private HistoryCheck Decide(StatusIdentity identity, StatusHistoryEntry? latest)
        {
            HistoryVerdict verdict =
                _force || latest == null || latest.Outcome == StatusHistoryOutcome.Refused ? HistoryVerdict.Post
                : latest.Outcome == StatusHistoryOutcome.Posted ? HistoryVerdict.AlreadyPosted
                : latest.Outcome == StatusHistoryOutcome.InFlight && ProcessIdentity.IsRunning(latest) ? HistoryVerdict.InFlight
                : HistoryVerdict.InDoubt;
            return new HistoryCheck(Path, identity, verdict, latest);
        }
    }
}
