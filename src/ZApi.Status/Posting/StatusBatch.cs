using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Batch;
using ZApi.Status.Client;
using ZApi.Status.History;

namespace ZApi.Status.Posting
{
    /// <summary>
    /// One Send-ZApi*Status pipeline, built once from its parameters: the connection's client, retries, pacing, the
    /// budget and the tally, the phone check, the history session. <see cref="Post"/> takes one input to exactly one
    /// result or one error: prepare it, settle it against the history, hold it back (calendar, budget), confirm, send,
    /// and conclude from the one <see cref="SendOutcome"/> the request ended with.
    /// </summary>
    internal sealed class StatusBatch : IDisposable
    {
        /// <summary>A phone check that takes longer than this shows on the progress bar.</summary>
        private static readonly TimeSpan PhoneCheckShownAfter = TimeSpan.FromSeconds(1);

        private readonly BatchOptions _options;
        private readonly IPostingHost _host;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly UploadProgress _progress;
        private readonly PostPacer _pacer;
        private readonly BatchTally _tally;
        private ClientCallRunner? _calls;
        private ZApiException? _noConnection;
        private HistorySession? _history;
        private bool _noHistory;
        private bool _phoneChecked;
        private DateTimeOffset? _dueAt;

        // The history's completion of the last post, written while the next input is checked; settled before the next
        // claim, at the end, or when the batch is disposed.
        private Task<string?>? _completing;

        public StatusBatch(BatchOptions options, IPostingHost host)
        {
            _options = options;
            _host = host;
            _progress = new UploadProgress(options.ShowProgress, "Posting " + options.StatusNoun + " statuses");
            _pacer = new PostPacer(options.Interval, options.IntervalJitterPercent, () => _clock.Elapsed, (delay, cancel) => Task.Delay(delay, cancel), new Random());
            _tally = new BatchTally(() => _clock.Elapsed);
        }

        /// <summary>
        /// Opens the batch on a connection, or without one (<paramref name="noConnection"/> says why), which a dry run
        /// does not need: the first input that would really be posted stops the batch with it.
        /// </summary>
        public void Begin(ZApiConnection? connection, ZApiException? noConnection, HistoryLocation? history)
        {
            if (_options.AsOfGiven && !_options.Preview)
            {
                Stop(new ZApiException(ZApiErrorId.AsOfNeedsWhatIf,
                    "-AsOf reads the calendar at another moment, which only a dry run may do: add -WhatIf to see what a run then would post. Nothing was posted."), null);
            }

            if (connection == null)
            {
                _noConnection = noConnection ?? throw new ArgumentNullException(nameof(noConnection));
                return;
            }

            _noHistory = history == null;
            // First: Ctrl+C must end a wait for another process's history lock as it ends a request.
            _calls = new ClientCallRunner(connection, _host.Verbose, _host.Warning, _host.IsStop, _options.Advice);
            if (history != null)
            {
                try
                {
                    _history = HistorySession.Open(history.Name, connection.InstanceId, _options.Force, _options.Preview, history.Open, _host.Warning, _calls.Stopping);
                }
                catch (ZApiException ex)
                {
                    Stop(ex, history.Name);
                }

                if (!_history!.Exists)
                {
                    _host.Verbose($"The status history '{history.Name}' does not exist yet; -WhatIf leaves it so, and a run without -WhatIf creates it.");
                }

                _history.ShowHeldWarnings();
            }
        }

        /// <summary>Takes one input to exactly one result or one error record (or to the end of the batch).</summary>
        /// <param name="target">The input as the user gave it: the error's TargetObject.</param>
        /// <param name="prepare">Makes the post from the input, or throws the ZApiException that says what is wrong with it.</param>
        /// <param name="calendar">When the input may be posted: its PostAt, Repeat, Until, NotAfter and TimeZone values, as bound.</param>
        public void Post(object? target, Func<StatusPost> prepare, CalendarColumns calendar)
        {
            _dueAt = null;
            PostInput(target, prepare, calendar);
            // Outside the input's claim: a warning that stops the pipeline here leaves nothing half-recorded.
            _history?.ShowHeldWarnings();
        }

        /// <summary>At the end of the pipeline: the held warnings, the summary, and the progress bar cleared.</summary>
        public void End()
        {
            Warn(Settle());
            _history?.ShowHeldWarnings();
            if (_noConnection != null)
            {
                _host.Warning("Nothing was posted, and a real run needs a connection: run Set-ZApiConnection, or set ZAPI_INSTANCE_ID, ZAPI_TOKEN and ZAPI_CLIENT_TOKEN.");
            }

            WriteSummary();
            if (_progress.Completed() is ProgressUpdate done)
            {
                _host.Progress(done);
            }
        }

        /// <summary>From another thread (Ctrl+C): ends the request in flight and any wait.</summary>
        public void Cancel() => _calls?.Cancel();

        public void Dispose()
        {
            try
            {
                Settle();
            }
            catch (Exception)
            {
                // Disposing after a stop: the completion was waited for; nothing is left to report it to.
            }

            _calls?.Dispose();
            _history?.Dispose();
        }

        private void PostInput(object? target, Func<StatusPost> prepare, CalendarColumns calendar)
        {
            StatusPost post;
            PostSchedule schedule;
            ScheduleState state;
            HistoryCheck? check;
            DateTimeOffset now = _options.Now();
            try
            {
                post = prepare();
                schedule = PostSchedule.From(calendar);
                state = schedule.At(now);
                _dueAt = state.DueAt;
                if (schedule.Repeat != null && _noHistory)
                {
                    throw new ZApiException(ZApiErrorId.RepeatNeedsHistory,
                        $"Repeat '{schedule.Repeat}' needs a status history, or every run would post the row again. Pass -HistoryPath, "
                        + "or set one with Set-ZApiConnection -HistoryPath or the ZAPI_HISTORY_PATH variable. Nothing was posted for this input.");
                }

                check = _history?.Check(post, state.Occurrence, _calls?.Stopping ?? CancellationToken.None);
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }
            catch (Exception ex) when (!(_calls?.IsStop(ex) ?? _host.IsStop(ex)))
            {
                Fail(new ZApiException(ZApiErrorId.ZApiRequestFailed, $"The input could not be checked: {ex.Message} Nothing was posted.", ex), target);
                return;
            }

            if (Settled(check, post, target))
            {
                return;
            }

            string description = post.Describe();
            if (HeldBack(schedule, state, now, description) is StatusOutcome held)
            {
                Emit(post.NotPosted(held), 0);
                return;
            }

            if (!_host.ShouldPost(description, "Post " + _options.StatusNoun + " status"))
            {
                if (_options.Preview)
                {
                    // What the real run would post counts toward -MaximumPostCount, so the dry run defers what it would.
                    _tally.WouldPost();
                }

                return;
            }

            if (_calls == null)
            {
                Stop(_noConnection!, null);
                return;
            }

            Send(post, check, schedule, state, description, target);
        }

        /// <summary>The phone check, the wait for its turn, the claim, the request, and what follows from how it ended.</summary>
        private void Send(StatusPost post, HistoryCheck? check, PostSchedule schedule, ScheduleState state, string description, object? target)
        {
            HistoryClaim? claim = null;
            string? expired;
            try
            {
                CheckPhoneOnce();
                WaitForTurn(description);
                // The phone check and -IntervalSec can outlast a row's NotAfter or -MaximumLateness: judged again now.
                expired = schedule.Expired(state, _options.Now(), _options.MaximumLateness);
                if (expired == null)
                {
                    Show(_progress.Starting(description));
                    Warn(Settle());
                    claim = _history?.Claim(post, check, _calls!.Stopping, state.Occurrence);
                }
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }
            catch (Exception ex) when (!_calls!.IsStop(ex))
            {
                Fail(new ZApiException(ZApiErrorId.ZApiRequestFailed, $"Posting failed unexpectedly: {_calls.Client.Redactor.Redact(ex.Message)} Nothing was posted.",
                    _calls.Client.Redactor.RedactChain(ex)), target);
                return;
            }

            if (expired != null)
            {
                _host.Verbose($"Expired while it waited for its turn, {expired}: {description}");
                Emit(post.NotPosted(StatusOutcome.Expired), 0);
                return;
            }

            using (claim)
            {
                if (claim != null && Settled(claim.Check, post, target))
                {
                    return;
                }

                StatusPost send = claim?.Gate(post) ?? post;
                SendOutcome outcome = _calls!.Send((client, log, cancel) => client.SendAsync(send, _options.Retry, log, cancel, ReportBytesSent, _pacer.Started));
                Conclude(outcome, post, description, claim, target);
            }
        }

        /// <summary>
        /// One outcome, read by the history, the tally and the record alike. A completion the history could not take
        /// is a warning beside the record: the status is what Z-API did, and the history, now in doubt about it, never
        /// posts it again.
        /// </summary>
        private void Conclude(SendOutcome outcome, StatusPost post, string description, HistoryClaim? claim, object? target)
        {
            if (outcome.Kind == SendOutcomeKind.Queued && outcome.Stop == null)
            {
                // The usual case: the result now, the history's write alongside the next input.
                _completing = claim == null ? null : outcome.CompleteLaterIn(claim);
                Emit(post.ToResult(outcome.Status, outcome.SentAt), post.ContentByteCount);
                return;
            }

            string? notRecorded = claim == null ? null : outcome.CompleteIn(claim);
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Queued when outcome.Stop != null:
                    _host.WarnAfterStop($"Stopped after Z-API queued {description} (message id {outcome.Status!.MessageId}): it is posted; do not send it again.");
                    WarnAfterStop(notRecorded);
                    ExceptionDispatchInfo.Capture(outcome.Stop).Throw();
                    break;
                case SendOutcomeKind.Failed:
                    // Before the error: an error that stops the batch would leave no place for it after.
                    Warn(notRecorded);
                    Fail(outcome.ErrorAbout(description), target);
                    break;
                default:
                    if (outcome.BodyLeft)
                    {
                        _host.WarnAfterStop($"Stopped while sending {description}: the status may or may not have been posted. Check the phone's status before you send it again.");
                    }

                    WarnAfterStop(notRecorded);
                    ExceptionDispatchInfo.Capture(outcome.Stop!).Throw();
                    break;
            }
        }

        /// <summary>Waits for the last completion; its warning, when the history could not take it.</summary>
        private string? Settle()
        {
            Task<string?>? completing = _completing;
            _completing = null;
            return completing?.GetAwaiter().GetResult();
        }

        private void Warn(string? warning)
        {
            if (warning != null)
            {
                _host.Warning(warning);
            }
        }

        private void WarnAfterStop(string? warning)
        {
            if (warning != null)
            {
                _host.WarnAfterStop(warning);
            }
        }

        /// <summary>
        /// NotDue before its time, Expired past its limits, Deferred once -MaximumPostCount statuses were posted (or,
        /// in a dry run, would have been); null when it may be posted now.
        /// </summary>
        private StatusOutcome? HeldBack(PostSchedule schedule, ScheduleState state, DateTimeOffset now, string description)
        {
            if (!state.IsDue)
            {
                _host.Verbose(string.Format(CultureInfo.InvariantCulture, "Not due until {0:yyyy-MM-dd HH:mm zzz}: {1}", state.DueAt, description));
                return StatusOutcome.NotDue;
            }

            if (schedule.Expired(state, now, _options.MaximumLateness) is string expired)
            {
                _host.Verbose($"Expired, {expired}: {description}");
                return StatusOutcome.Expired;
            }

            if (state.Occurrence.HasValue)
            {
                _host.Verbose(string.Format(CultureInfo.InvariantCulture, "Occurrence of {0:yyyy-MM-dd HH:mm zzz} ({1}); the next {2}: {3}", state.Occurrence.Value, schedule.Repeat,
                    state.Next.HasValue ? state.Next.Value.ToString("'is at 'yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : "is none (the series ends)", description));
            }

            if (_options.MaximumLateness == null && schedule.NotAfter == null && PostSchedule.LateWarning(state.DueAt, now, description) is string late)
            {
                _host.Warning(late);
            }

            if (_options.MaximumPostCount is int maximum && _tally.PostsBudgeted >= maximum)
            {
                _host.Verbose(string.Format(CultureInfo.InvariantCulture, "Deferred, -MaximumPostCount {0} reached: {1}", maximum, description));
                return StatusOutcome.Deferred;
            }

            return null;
        }

        /// <summary>Writes the record for an input the history settles (already posted, in doubt, in flight); false to post it.</summary>
        private bool Settled(HistoryCheck? check, StatusPost post, object? target)
        {
            switch (check?.Verdict)
            {
                case HistoryVerdict.AlreadyPosted:
                    Emit(check.AlreadyPostedResult(post), 0);
                    return true;
                case HistoryVerdict.InDoubt:
                case HistoryVerdict.InFlight:
                    Fail(check.Refusal(), target);
                    return true;
                default:
                    return false;
            }
        }

        private void Emit(StatusResult result, long byteCount)
        {
            result.DueAt = _dueAt;
            _tally.Result(result.Outcome, byteCount);
            _host.Emit(result);
        }

        /// <summary>Reports a failure of one input: the batch goes on, unless every later input would fail the same way.</summary>
        public void Fail(ZApiException error, object? target)
        {
            if (StoppingErrors.Contains(error.ErrorId))
            {
                Stop(error, target);
            }

            _tally.Error(error.ErrorId);
            _host.Fail(error, target);
        }

        /// <summary>Counts the failure, writes the summary, and ends the batch through the host; never returns.</summary>
        public void Stop(ZApiException error, object? target)
        {
            _tally.Error(error.ErrorId);
            WriteSummary();
            _host.Stop(error, target);
            throw new InvalidOperationException("The host returned from a stop: " + error.Message, error);
        }

        /// <summary>
        /// Before the first post of the pipeline: stops the batch when Z-API cannot deliver (a ZApiException), warns
        /// when it will only queue. A check that itself fails is no reason to stop (each post reports its own failure),
        /// unless -RequirePhoneOnline asked for proof that the phone is online.
        /// </summary>
        private void CheckPhoneOnce()
        {
            if (_phoneChecked || _options.SkipConnectionCheck)
            {
                return;
            }

            _phoneChecked = true;
            _host.Verbose("Checking that the phone is online before the first post (-SkipConnectionCheck leaves this out).");
            ZApiInstanceStatus status;
            try
            {
                status = _calls!.Run(CheckPhoneAsync);
            }
            catch (ZApiException ex) when (ex.ErrorId == ZApiErrorId.ZApiUnreachable)
            {
                // Before the first post, so the stop can say what the check itself cannot: nothing was posted.
                throw new ZApiException(ex.ErrorId, "Nothing was posted: the check before the first post found no server. " + ex.Message, ex.InnerException);
            }
            catch (ZApiException ex) when (!StoppingErrors.Contains(ex.ErrorId) && _options.RequirePhoneOnline)
            {
                // Asked to post only to an online phone, a check that cannot tell is no yes.
                throw new ZApiException(ZApiErrorId.ZApiPhoneCheckFailed,
                    "Nothing was posted: -RequirePhoneOnline posts only when the phone is known to be online, and the check before the first post could not tell. "
                    + ex.Message + " Run the batch again later, or leave out -RequirePhoneOnline to post when the check cannot tell.", ex);
            }
            catch (ZApiException ex) when (!StoppingErrors.Contains(ex.ErrorId))
            {
                _host.Warning("Could not check the phone before posting, so the batch goes on: " + ex.Message);
                return;
            }

            _host.Verbose("Phone check: " + status);
            if (PhoneCheck.Assess(status, _options.RequirePhoneOnline) is string warning)
            {
                _host.Warning(warning);
            }
        }

        /// <summary>The phone check; one that keeps the batch waiting shows on the progress bar, a quick one does not.</summary>
        private async Task<ZApiInstanceStatus> CheckPhoneAsync(ZApiClient client, Action<string> log, CancellationToken cancel)
        {
            Task<ZApiInstanceStatus> check = client.GetStatusAsync(_options.Retry, log, cancel);
            if (await Task.WhenAny(check, Task.Delay(PhoneCheckShownAfter, cancel)).ConfigureAwait(false) != check)
            {
                ShowFromAnyThread(_progress.CheckingPhone(client.InstanceId));
            }

            return await check.ConfigureAwait(false);
        }

        /// <summary>Waits, interruptible by Ctrl+C, until -IntervalSec has passed since the previous post started.</summary>
        private void WaitForTurn(string description)
        {
            if (!_pacer.Paces)
            {
                return;
            }

            TimeSpan waited = _calls!.Run((client, log, cancel) => _pacer.TakeTurnAsync(left => ShowFromAnyThread(_progress.Waiting(left, description)), cancel));
            if (waited > TimeSpan.Zero)
            {
                _host.Verbose(string.Format(CultureInfo.InvariantCulture, "Waited {0:0.0} s (-IntervalSec {1}) before posting {2}",
                    waited.TotalSeconds, _options.Interval.TotalSeconds, description));
            }
        }

        /// <summary>The counts per outcome and error id, bytes and time, for -Verbose and for runbooks.</summary>
        private void WriteSummary() => _host.Summary(_tally.Summary());

        private void ReportBytesSent(long sent, long total) => ShowFromAnyThread(_progress.BytesSent(sent, total));

        private void Show(ProgressUpdate? update)
        {
            if (update != null)
            {
                _host.Progress(update);
            }
        }

        /// <summary>From the thread pool: a due update reaches the bar through the pipeline thread.</summary>
        private void ShowFromAnyThread(ProgressUpdate? update)
        {
            if (update != null)
            {
                _calls?.WriteFromAnyThread(() => _host.Progress(update));
            }
        }
    }
}
