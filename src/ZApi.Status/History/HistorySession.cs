using System;
using System.Collections.Generic;
using System.Threading;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>
    /// The status history as one pipeline uses it, whatever store holds it: opened once (for a dry run without
    /// creating or writing anything, opened for writing at the first real post), then per input a check before
    /// ShouldProcess, a claim just before the request, and the claim's completion after it. The verdict table lives
    /// here, so every store answers alike.
    /// </summary>
    /// <remarks>
    /// Warnings about damaged entries are held and shown only where a warning that throws (-WarningAction Stop) loses
    /// nothing: before a check, and when the caller is done with an input (<see cref="ShowHeldWarnings"/>); never
    /// between a claim and its completion, nor inside a completion.
    /// </remarks>
    internal sealed class HistorySession : IDisposable
    {
        private readonly HistoryStoreOpener _open;
        private readonly string _instanceId;
        private readonly bool _force;
        private readonly Queue<string> _heldWarnings = new Queue<string>();
        private readonly Action<string> _warn;
        private IHistoryStore? _store;
        private bool _writing;

        private HistorySession(string name, string instanceId, bool force, HistoryStoreOpener open, Action<string> warn)
        {
            Name = name;
            _instanceId = instanceId;
            _force = force;
            _open = open;
            _warn = warn;
        }

        /// <summary>The history as messages name it, also before its store exists.</summary>
        public string Name { get; }

        /// <summary>False in a dry run over a history that does not exist yet.</summary>
        public bool Exists => _store != null;

        /// <param name="force">Post every input whatever the history says, and record the new posts.</param>
        /// <param name="preview">A dry run: nothing is created or written until the first real post.</param>
        /// <param name="cancellation">Ends a wait for another writer (Ctrl+C).</param>
        public static HistorySession Open(string name, string instanceId, bool force, bool preview, HistoryStoreOpener open, Action<string> warn,
            CancellationToken cancellation = default)
        {
            var session = new HistorySession(name, instanceId, force, open, warn);
            session._store = session.OpenStore(forWriting: !preview, cancellation);
            session._writing = !preview;
            return session;
        }

        /// <summary>What the history, as read so far, says about a validated input (null in a dry run over no history); reads a file's bytes to hash them.</summary>
        /// <param name="occurrence">For a repeating row, the occurrence: each one is a status of its own.</param>
        /// <param name="cancellation">Ctrl+C: ends the wait for a store over the network with OperationCanceledException.</param>
        public HistoryCheck? Check(StatusPost post, DateTimeOffset? occurrence = null, CancellationToken cancellation = default)
        {
            ShowHeldWarnings();
            if (_store == null)
            {
                return null;
            }

            StatusIdentity identity = StatusIdentity.Of(_instanceId, post, occurrence);
            return Decide(identity, _store.Latest(identity, cancellation));
        }

        /// <summary>
        /// Just before the request: claims the status in the store, which decides again with what others wrote since
        /// the check. The first real post of a run that began as a dry run opens the history for writing first.
        /// </summary>
        public HistoryClaim Claim(StatusPost post, HistoryCheck? check, CancellationToken cancellation, DateTimeOffset? occurrence = null)
        {
            if (!_writing)
            {
                IHistoryStore writable = OpenStore(forWriting: true, cancellation)!;
                _store?.Dispose();
                _store = writable;
                _writing = true;
            }

            StatusIdentity identity = check?.Identity ?? StatusIdentity.Of(_instanceId, post, occurrence);
            return _store!.Claim(identity, latest => Decide(identity, latest), cancellation);
        }

        /// <summary>Shows the warnings held since the last time; may throw what the warning callback throws.</summary>
        public void ShowHeldWarnings()
        {
            // Each is taken off the queue before it is shown: showing one may throw.
            while (_heldWarnings.Count > 0)
            {
                _warn(_heldWarnings.Dequeue());
            }
        }

        public void Dispose() => _store?.Dispose();

        private IHistoryStore? OpenStore(bool forWriting, CancellationToken cancellation)
        {
            try
            {
                return _open(forWriting, _heldWarnings.Enqueue, cancellation);
            }
            catch
            {
                // The failure to open goes on; the warnings before it are shown if they can be.
                try
                {
                    ShowHeldWarnings();
                }
                catch (Exception)
                {
                    // A warning that stops (-WarningAction Stop) must not hide why the history could not be opened.
                }

                throw;
            }
        }

        /// <summary>The verdict table: post what is new, refused, cancelled or forced; skip what was posted; hold what may exist.</summary>
        private HistoryCheck Decide(StatusIdentity identity, StatusHistoryEntry? latest)
        {
            HistoryVerdict verdict =
                _force || latest == null || latest.Outcome == StatusHistoryOutcome.Refused || latest.Outcome == StatusHistoryOutcome.Cancelled ? HistoryVerdict.Post
                : latest.Outcome == StatusHistoryOutcome.Posted ? HistoryVerdict.AlreadyPosted
                : latest.Outcome == StatusHistoryOutcome.InFlight && _store!.IsLive(latest) ? HistoryVerdict.InFlight
                : HistoryVerdict.InDoubt;
            return new HistoryCheck(Name, identity, verdict, latest);
        }
    }
}
