using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;
using ZApi.Status.Tables;

namespace ZApi.Status.History
{
    /// <summary>
    /// A status history in an Azure Storage table, for runs whose disk does not survive them (Azure Automation cloud
    /// jobs, hosted CI runners). A claim inserts the in-flight entity, which fails with 409 when another run has one: the
    /// store then reads it and decides again, and when the verdict is still to post (refused earlier, or -Force) replaces
    /// it only if it is unchanged (If-Match on its ETag; 412 means decide again). A completion replaces the claim's own
    /// entity on its ETag too, never unconditionally, so no run overwrites another's claim.
    /// </summary>
    internal sealed class TableHistoryStore : IHistoryStore
    {
        /// <summary>How often a claim reads and decides again while other runs keep changing the entity.</summary>
        internal const int MaximumRounds = 5;

        private readonly TableClient _table;
        private readonly TimeSpan _lease;
        private readonly Action<string> _warn;
        private readonly Func<DateTimeOffset> _now;

        // The entity each status had when last read (null: none), so a claim starts from what its check saw.
        private readonly Dictionary<HistoryKey, TableEntity?> _read = new Dictionary<HistoryKey, TableEntity?>();

        // Completions still being written while the pipeline goes on, and retry notices from any thread, which are
        // passed on from the pipeline thread (the held warnings are not for other threads).
        private readonly Dictionary<HistoryKey, Task> _completing = new Dictionary<HistoryKey, Task>();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _retries = new System.Collections.Concurrent.ConcurrentQueue<string>();

        private TableHistoryStore(TableClient table, TimeSpan lease, Action<string> warn, Func<DateTimeOffset> now)
        {
            _table = table;
            _lease = lease;
            _warn = warn;
            _now = now;
        }

        public string Name => _table.Name;

        /// <summary>
        /// Opens the history in a table, for writing or for a dry run alike: it only reads, so a table that is missing,
        /// unreachable or refuses the credentials stops the batch here, before anything is posted.
        /// </summary>
        /// <param name="lease">How long an in-flight entity's request could still be running: timeouts and retries, and a margin.</param>
        /// <param name="cancellation">Ctrl+C: a table that does not answer would otherwise hold the run for its timeouts and retries.</param>
        public static TableHistoryStore Open(TableClient table, TimeSpan lease, Action<string> warn, CancellationToken cancellation, Func<DateTimeOffset>? now = null)
        {
            var store = new TableHistoryStore(table, lease, warn, now ?? (() => DateTimeOffset.Now));
            table.Retrying = store._retries.Enqueue;
            try
            {
                BeforePosting(() => table.CheckAsync(cancellation));
            }
            finally
            {
                store.PassOnRetries();
            }

            return store;
        }

        /// <summary>
        /// The entries of one instance (or of every instance), filtered by the table where it can (time, states), each in
        /// its latest state: an in-flight one that can no longer be running reads as InDoubt. Oldest first.
        /// </summary>
        public static IReadOnlyList<StatusHistoryEntry> ReadEntries(TableClient table, string? instanceId, DateTimeOffset? since,
            ICollection<StatusHistoryOutcome>? outcomes, Action<string> warn, Func<DateTimeOffset>? now = null)
        {
            var store = new TableHistoryStore(table, TimeSpan.Zero, warn, now ?? (() => DateTimeOffset.Now));
            table.Retrying = warn;
            IReadOnlyList<TableEntity> entities = Wait(() => table.QueryAsync(Filter(instanceId, since, outcomes), CancellationToken.None));
            var entries = new List<StatusHistoryEntry>();
            foreach (TableEntity entity in entities)
            {
                if (store.Read(entity, null) is StatusHistoryEntry entry)
                {
                    if (entry.Outcome == StatusHistoryOutcome.InFlight && !store.IsLive(entry))
                    {
                        entry.Outcome = StatusHistoryOutcome.InDoubt;
                    }

                    if ((since == null || entry.At >= since.Value) && (outcomes == null || outcomes.Contains(entry.Outcome)))
                    {
                        entries.Add(entry);
                    }
                }
            }

            return entries.OrderBy(entry => entry.At).ToList();
        }

        public StatusHistoryEntry? Latest(StatusIdentity identity, CancellationToken cancellation)
        {
            PassOnRetries();
            // The same status again in one pipeline: its completion first, so it reads as posted, not as in flight.
            if (_completing.TryGetValue(identity.Key, out Task? completing))
            {
                Settle(completing);
                _completing.Remove(identity.Key);
            }

            TableEntity? entity = BeforePosting(() => _table.GetAsync(PartitionOf(identity), identity.Key.ToString(), cancellation));
            _read[identity.Key] = entity;
            return entity == null ? null : Read(entity, identity);
        }

        public HistoryClaim Claim(StatusIdentity identity, Func<StatusHistoryEntry?, HistoryCheck> decide, CancellationToken cancellation)
        {
            PassOnRetries();
            string claim = Guid.NewGuid().ToString("N");
            // Not read yet (a dry run that became a real one): insert, and read only if someone has it.
            _read.TryGetValue(identity.Key, out TableEntity? current);
            for (int round = 1; round <= MaximumRounds; round++)
            {
                HistoryCheck check = decide(current == null ? null : Read(current, identity));
                if (check.Verdict != HistoryVerdict.Post)
                {
                    return new HistoryClaim(check, Task.CompletedTask, (outcome, at, queued, errorId) => Task.CompletedTask);
                }

                TableEntity mine = TableEntryFormat.ToEntity(identity, StatusHistoryOutcome.InFlight, _now(), null, null, null, ProcessIdentity.Current, _now() + _lease, claim);
                TableWrite write;
                try
                {
                    write = BeforePosting(() => current == null ? _table.InsertAsync(mine, cancellation) : _table.ReplaceAsync(mine, current.ETag!, cancellation));
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C while the write was under way: it may have landed, and nothing will be posted.
                    Abandon(identity, claim);
                    throw;
                }

                if (write.Result == TableWriteResult.Written)
                {
                    _read.Remove(identity.Key);
                    return Granted(check, identity, claim, write.ETag);
                }

                // Someone else wrote first, or this claim's own write landed unanswered and its repetition met it.
                current = write.Result == TableWriteResult.Missing ? null : BeforePosting(() => _table.GetAsync(PartitionOf(identity), identity.Key.ToString(), CancellationToken.None));
                if (current != null && TableEntryFormat.ClaimOf(current) == claim)
                {
                    _read.Remove(identity.Key);
                    return Granted(check, identity, claim, current.ETag);
                }
            }

            throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                $"Other runs kept changing the entry of the {identity.Kind} '{identity.Source}' in the status history table '{Name}' while this run tried to claim it "
                + $"({MaximumRounds} times), so it was not posted. Run again; if this repeats, look for runs that post it with -Force in a loop. Nothing was posted.");
        }

        /// <summary>
        /// Records that the status Z-API queued as <paramref name="zaapId"/> was taken out of its queue before it was
        /// sent (Remove-ZApiQueuedMessage): its Posted entity, found by a filter on the table (a zaapId is Z-API's, unique
        /// across instances), becomes Cancelled with its ids, on its ETag; 412 means read it and decide again, at most
        /// <see cref="MaximumRounds"/> times. Returns the Posted entry, or null (writing nothing) when no status's entity
        /// is Posted with that zaapId. (The same contract as the file's; the state is written by name, as the file does.)
        /// </summary>
        public StatusHistoryEntry? RecordCancelled(string zaapId, DateTimeOffset at)
        {
            PassOnRetries();
            string filter = "ZaapId eq '" + zaapId.Replace("'", "''") + "' and " + TableEntryFormat.StateProperty + " eq 'Posted'";
            TableEntity? posted = Wait(() => _table.QueryAsync(filter, CancellationToken.None)).OrderByDescending(e => e.GetDateTime(TableEntryFormat.AtProperty)).FirstOrDefault();
            for (int round = 1; round <= MaximumRounds && posted != null; round++)
            {
                // The query gives no ETag: read the entity itself, and check that it still says what the query found.
                TableEntity? current = Wait(() => _table.GetAsync(posted.PartitionKey, posted.RowKey, CancellationToken.None));
                if (current == null || current.GetString(TableEntryFormat.StateProperty) != "Posted" || current.GetString("ZaapId") != zaapId)
                {
                    return null;
                }

                StatusHistoryEntry? entry = Read(current, null);
                TableEntity cancelled = Copy(current)
                    .Set(TableEntryFormat.StateProperty, "Cancelled")
                    .Set(TableEntryFormat.AtProperty, at)
                    .Set("Process", ProcessIdentity.Current.Name)
                    .Set("ProcessStarted", ProcessIdentity.Current.Started)
                    .Set(TableEntryFormat.ClaimProperty, Guid.NewGuid().ToString("N"));
                if (Wait(() => _table.ReplaceAsync(cancelled, current.ETag!, CancellationToken.None)).Result == TableWriteResult.Written)
                {
                    return entry;
                }

                posted = current;
            }

            return posted == null ? null : throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                $"Other runs kept changing the entry of the status with zaapId {zaapId} in the status history table '{Name}' ({MaximumRounds} times), so its cancellation was not recorded.");
        }

        /// <summary>
        /// On this machine the writing process is checked; on another one it cannot be, so an in-flight entry is live
        /// until its lease has passed (its request could still be running), and in doubt after.
        /// </summary>
        public bool IsLive(StatusHistoryEntry inFlight) =>
            ProcessIdentity.IsOnThisHost(inFlight)
                ? ProcessIdentity.IsRunning(inFlight)
                : inFlight.LeaseEnds is DateTimeOffset leaseEnds && _now() < leaseEnds;

        /// <summary>Waits for the completions still being written: the process may end after this.</summary>
        public void Dispose()
        {
            foreach (Task completing in _completing.Values)
            {
                Settle(completing);
            }

            _completing.Clear();
        }

        /// <summary>An entity's keys and properties as read, to be written back with some changed; dates stay dates.</summary>
        private static TableEntity Copy(TableEntity read)
        {
            TableEntity copy = new TableEntity(read.PartitionKey, read.RowKey);
            foreach (string name in read.PropertyNames)
            {
                if (read.GetInt32(name) is int number)
                {
                    copy.Set(name, number);
                }
                else if (name == TableEntryFormat.AtProperty || name == "ProcessStarted" || name == "LeaseEnds")
                {
                    copy.Set(name, read.GetDateTime(name));
                }
                else
                {
                    copy.Set(name, read.GetString(name));
                }
            }

            return copy.Set("LeaseEnds", (DateTimeOffset?)null);
        }

        /// <summary>Waits for a completion; what it failed to record its claim reports, not this.</summary>
        private static void Settle(Task completing)
        {
            try
            {
                completing.GetAwaiter().GetResult();
            }
            catch (ZApiException)
            {
                // Reported as a warning by the claim it completes.
            }
        }

        private void PassOnRetries()
        {
            while (_retries.TryDequeue(out string? notice))
            {
                _warn(notice);
            }
        }

        private static string PartitionOf(StatusIdentity identity) => TableEntryFormat.PartitionKeyOf(identity.InstanceId);

        private HistoryClaim Granted(HistoryCheck check, StatusIdentity identity, string claim, string? etag)
        {
            if (etag == null)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                    $"The status history table '{Name}' took the claim on the {identity.Kind} '{identity.Source}' but sent no ETag, without which it cannot be completed. Nothing was posted.");
            }

            // The entity is on the table before the request starts: there is nothing left to wait for.
            return new HistoryClaim(check, Task.CompletedTask, (outcome, at, queued, errorId) =>
            {
                Task completing = CompleteAsync(identity, claim, etag, outcome, at, queued, errorId);
                _completing[identity.Key] = completing;
                return completing;
            });
        }

        /// <summary>Completes the claim's own entity, on its ETag; fails with a ZApiException when that is not possible.</summary>
        private async Task CompleteAsync(StatusIdentity identity, string claim, string etag, StatusHistoryOutcome outcome, DateTimeOffset at, QueuedStatus? queued, string? errorId)
        {
            TableEntity done = TableEntryFormat.ToEntity(identity, outcome, at, queued?.ZaapId, queued?.MessageId, errorId, ProcessIdentity.Current, null, claim);
            TableWrite write = await _table.ReplaceAsync(done, etag, CancellationToken.None).ConfigureAwait(false);
            if (write.Result == TableWriteResult.Written)
            {
                return;
            }

            TableEntity? now = write.Result == TableWriteResult.Missing ? null : await _table.GetAsync(done.PartitionKey, done.RowKey, CancellationToken.None).ConfigureAwait(false);
            if (now != null && TableEntryFormat.ClaimOf(now) == claim && now.GetString(TableEntryFormat.StateProperty) == outcome.ToString())
            {
                return; // this completion landed unanswered, and its repetition met it
            }

            throw new ZApiException(ZApiErrorId.HistoryUnavailable, now == null
                ? $"Its entry in the table '{Name}' was removed while the request was under way."
                : $"Another run changed its entry in the table '{Name}' while the request was under way (it now says {now.GetString(TableEntryFormat.StateProperty)}, "
                    + $"process {now.GetString("Process")}); that run's entry was kept.");
        }

        /// <summary>After Ctrl+C during a claim's write: if the write landed, the entry says that nothing was posted.</summary>
        private void Abandon(StatusIdentity identity, string claim)
        {
            try
            {
                using (var shortly = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    TableEntity? landed = Wait(() => _table.GetAsync(PartitionOf(identity), identity.Key.ToString(), shortly.Token));
                    if (landed != null && TableEntryFormat.ClaimOf(landed) == claim)
                    {
                        TableEntity refused = TableEntryFormat.ToEntity(identity, StatusHistoryOutcome.Refused, _now(), null, null, "Stopped", ProcessIdentity.Current, null, claim);
                        Wait(() => _table.ReplaceAsync(refused, landed.ETag!, shortly.Token));
                    }
                }
            }
            catch (Exception ex) when (ex is ZApiException || ex is OperationCanceledException)
            {
                // It stays in flight, and reads as in doubt once its lease has passed: never as "post again".
            }
        }

        /// <summary>
        /// The entry an entity holds. A damaged one (not written by this module, or edited) cannot say whether its
        /// status was posted, so it counts as in doubt, with a held warning; a newer format stops the batch.
        /// </summary>
        private StatusHistoryEntry? Read(TableEntity entity, StatusIdentity? identity)
        {
            StatusHistoryEntry? entry = TableEntryFormat.Parse(entity, out int version);
            if (version > TableEntryFormat.Version)
            {
                throw new ZApiException(ZApiErrorId.HistoryFormatUnsupported,
                    $"The entry {entity.RowKey} of the status history table '{Name}' is in format version {version}, newer than this module reads "
                    + $"(version {TableEntryFormat.Version}). Update ZApi.Status on this machine, or use another table. Nothing was posted.");
            }

            if (entry != null)
            {
                return entry;
            }

            _warn($"The entry {entity.RowKey} of the status history table '{Name}' (partition {entity.PartitionKey}) is damaged: "
                + "it counts as in doubt, and -Force replaces it.");
            return identity == null
                ? null
                : new StatusHistoryEntry(identity.Key.ToString(), StatusHistoryOutcome.InDoubt, entity.GetDateTime(TableEntryFormat.AtProperty) ?? DateTimeOffset.MinValue,
                    identity.InstanceId, identity.Kind, identity.Sha256, identity.Caption, identity.Source, null, null, "HistoryEntryDamaged", null, 0);
        }

        private static string? Filter(string? instanceId, DateTimeOffset? since, ICollection<StatusHistoryOutcome>? outcomes)
        {
            var parts = new List<string>();
            if (instanceId != null)
            {
                parts.Add("PartitionKey eq '" + TableEntryFormat.PartitionKeyOf(instanceId) + "'");
            }

            if (since is DateTimeOffset from)
            {
                parts.Add(TableEntryFormat.AtProperty + " ge datetime'" + from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "'");
            }

            if (outcomes != null)
            {
                // An entry stored in flight may read as in doubt: asking for InDoubt asks for those too.
                IEnumerable<StatusHistoryOutcome> stored = outcomes.Contains(StatusHistoryOutcome.InDoubt) ? outcomes.Concat(new[] { StatusHistoryOutcome.InFlight }) : outcomes;
                string states = string.Join(" or ", stored.Distinct().Select(state => TableEntryFormat.StateProperty + " eq '" + state + "'"));
                parts.Add(states.Length == 0 ? "false" : "(" + states + ")");
            }

            return parts.Count == 0 ? null : string.Join(" and ", parts);
        }

        /// <summary>Runs a table call before anything is posted: its failure says so.</summary>
        private static T BeforePosting<T>(Func<Task<T>> call)
        {
            try
            {
                return Wait(call);
            }
            catch (ZApiException ex) when (ex.ErrorId == ZApiErrorId.HistoryUnavailable && !ex.Message.EndsWith("Nothing was posted.", StringComparison.Ordinal))
            {
                throw new ZApiException(ex.ErrorId, ex.Message + " Nothing was posted.", ex.InnerException);
            }
        }

        private static void BeforePosting(Func<Task> call) => BeforePosting(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });

        // The pipeline thread has no synchronisation context: waiting on the call here cannot deadlock.
        private static T Wait<T>(Func<Task<T>> call) => call().GetAwaiter().GetResult();
    }
}
