using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using ZApi.Status.Batch;
using ZApi.Status.Client;
using ZApi.Status.History;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// The parameters every Send-ZApi*Status cmdlet binds (connection, retries, batch control), and the one path from
    /// an input to exactly one result or one error: validate, schedule, ShouldProcess, post, write. The mechanics are
    /// composed: a <see cref="ClientCallRunner"/> for the call and Ctrl+C, an <see cref="UploadProgress"/> for the
    /// bar, a <see cref="PostPacer"/> for the gaps between posts, a <see cref="BatchTally"/> for the budget and summary.
    /// </summary>
    public abstract class SendStatusCmdlet : PSCmdlet, IDisposable
    {
        private ClientCallRunner? _runner;
        private ZApiException? _noConnection;
        private RetryPolicy _retry = null!;
        private UploadProgress _progress = null!;
        private bool _phoneChecked;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private PostPacer _pacer = null!;
        private BatchTally _tally = null!;

        /// <summary>The tag of the Information record that sums up a pipeline.</summary>
        internal const string SummaryTag = "ZApi.Summary";
        private StatusHistory? _history;
        private Func<StatusHistory>? _openHistoryToPost;

        // Only this assembly's cmdlets derive from it.
        internal SendStatusCmdlet()
        {
        }

        #region Parameters

        /// <summary>A connection from Set-ZApiConnection -PassThru; overrides the session's and the environment's.</summary>
        [Parameter]
        [ValidateNotNull]
        public ZApiConnection? Connection { get; set; }

        /// <summary>Retries after HTTP 429 or a connection that was never made; 0 turns retries off.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first wait between retries, doubled each time with jitter, when Z-API sends no Retry-After.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryIntervalSec { get; set; } = 2;

        /// <summary>Posts without first asking Z-API whether the instance and its phone are connected.</summary>
        [Parameter]
        public SwitchParameter SkipConnectionCheck { get; set; }

        /// <summary>Stops before the first post when the phone is offline, instead of warning that Z-API will hold the statuses.</summary>
        [Parameter]
        public SwitchParameter RequirePhoneOnline { get; set; }

        /// <summary>The least time, in seconds, between the starts of two posts in this pipeline.</summary>
        [Parameter]
        [ValidateRange(0.0, 86400.0)]
        public double IntervalSec { get; set; }

        /// <summary>Up to this share of -IntervalSec is added at random to each gap, so the cadence is not machine-regular.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int IntervalJitterPercent { get; set; } = 25;

        /// <summary>Posts at most this many statuses in this pipeline; later inputs yield Deferred results.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? MaximumPostCount { get; set; }

        /// <summary>When the input may be posted: a DateTime, or text such as 2026-05-03 09:00 or 2026-05-03T09:00-03:00.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public object? PostAt { get; set; }

        /// <summary>A status history (JSON Lines): skips what an earlier run posted, records what this one posts.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HistoryPath { get; set; }

        /// <summary>Posts every input even when the status history says it was posted, or may have been.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        #endregion

        /// <summary>"image", "video", "text": names the status in ShouldProcess and the progress bar.</summary>
        internal abstract string StatusNoun { get; }

        #region Method Overrides

        protected override void BeginProcessing()
        {
            _retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryIntervalSec));
            _progress = new UploadProgress(Host?.UI?.RawUI != null, "Posting " + StatusNoun + " statuses");
            _pacer = new PostPacer(TimeSpan.FromSeconds(IntervalSec), IntervalJitterPercent, () => _clock.Elapsed, (delay, cancel) => Task.Delay(delay, cancel), new Random());
            _tally = new BatchTally(() => _clock.Elapsed);
            ZApiConnection connection;
            try
            {
                connection = ConnectionStore.Resolve(Connection);
            }
            catch (ZApiException ex)
            {
                // Not yet an error: a -WhatIf run validates every input without a connection. The first input
                // that would really be posted stops the batch with this.
                _noConnection = ex;
                return;
            }

            string? historyPath = null;
            try
            {
                historyPath = ConnectionStore.ResolveHistoryPath(SessionState, HistoryPath, connection);
                if (historyPath != null && IsWhatIfRun())
                {
                    // A dry run changes nothing: no history file, folder or lock file is created, none is appended to.
                    // ShouldProcess reads $WhatIfPreference later, though, and a stage upstream can change it: the
                    // first input that is really posted opens the history for writing before it is claimed.
                    _history = StatusHistory.OpenForPreview(historyPath, connection.InstanceId, Force, WriteWarning);
                    _openHistoryToPost = () => StatusHistory.Open(historyPath, connection.InstanceId, Force, WriteWarning);
                    if (_history == null)
                    {
                        WriteVerbose($"The status history '{historyPath}' does not exist yet; -WhatIf leaves it so, and a run without -WhatIf creates it.");
                    }
                }
                else if (historyPath != null)
                {
                    _history = StatusHistory.Open(historyPath, connection.InstanceId, Force, WriteWarning);
                }
            }
            catch (ZApiException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(ex, historyPath ?? HistoryPath));
            }

            _history?.ShowHeldWarnings();
            _runner = new ClientCallRunner(connection, WriteVerbose, WriteWarning);
            WriteVerbose("Using " + connection + " (from " + (Connection != null ? "-Connection" : connection.Source) + ")");
        }

        protected override void EndProcessing()
        {
            _history?.ShowHeldWarnings();
            if (_noConnection != null)
            {
                WriteWarning("Nothing was posted, and a real run needs a connection: run Set-ZApiConnection, or set ZAPI_INSTANCE_ID, ZAPI_TOKEN and ZAPI_CLIENT_TOKEN.");
            }

            WriteSummary();
            if (_progress?.Completed() is ProgressRecord done)
            {
                WriteProgress(done);
            }
        }

        protected override void StopProcessing() => _runner?.Cancel();

        #endregion

        public void Dispose()
        {
            _runner?.Dispose();
            _history?.Dispose();
        }

        /// <summary>A $null piped in binds as a null array; it is still one input, reported as such.</summary>
        internal static IEnumerable<string?> InputsOf(string?[]? values) => values ?? new string?[] { null };

        /// <summary>The first real post of a run that began as a dry run: the history is opened for writing (created if need be) and the input checked against it.</summary>
        private HistoryCheck CheckWithHistoryToPost(StatusPost post)
        {
            StatusHistory history = _openHistoryToPost!();
            _openHistoryToPost = null;
            _history?.Dispose();
            _history = history;
            return history.Check(post);
        }

        /// <summary>-WhatIf given, or $WhatIfPreference set and not overridden with -WhatIf:$false.</summary>
        private bool IsWhatIfRun() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
                ? given is SwitchParameter whatIf && whatIf.IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        /// <summary>Validates one input, holds it back when it is not due or over the budget, asks ShouldProcess, posts it and writes its result or its error.</summary>
        /// <param name="target">The input as the user gave it: the error's TargetObject.</param>
        /// <param name="validate">Makes the post from the input, or throws the ZApiException that says what is wrong with it.</param>
        internal void Post(object? target, Func<StatusPost> validate)
        {
            PostInput(target, validate);
            // Outside the input's claim: a warning that stops the pipeline here leaves nothing half-recorded.
            _history?.ShowHeldWarnings();
        }

        private void PostInput(object? target, Func<StatusPost> validate)
        {
            StatusPost post;
            PostSchedule schedule;
            HistoryCheck? check;
            try
            {
                post = validate();
                schedule = PostSchedule.From(PostAt is PSObject wrapped ? wrapped.BaseObject : PostAt);
                check = _history?.Check(post);
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }
            catch (Exception ex) when (IsInputFailure(ex))
            {
                Fail(new ZApiException(ZApiErrorId.ZApiRequestFailed, $"The input could not be checked: {ex.Message} Nothing was posted.", ex), target);
                return;
            }

            if (Settled(check, post, target))
            {
                return;
            }

            string description = post.Describe();
            if (HeldBack(schedule, description) is StatusOutcome held)
            {
                Emit(post.NotPosted(held), 0);
                return;
            }

            if (!ShouldProcess(description, "Post " + StatusNoun + " status"))
            {
                return;
            }

            if (_runner == null)
            {
                Fail(_noConnection!, null);
                return;
            }

            // A claim is on disk before the request; disposing one that was neither posted nor failed records it in doubt.
            HistoryClaim? claim = null;
            StatusResult result;
            _runner.ForgetLastCall();
            try
            {
                CheckPhoneOnce();
                WaitForTurn(description);
                if (_progress.Starting(description) is ProgressRecord starting)
                {
                    WriteProgress(starting);
                }

                if (_openHistoryToPost != null)
                {
                    check = CheckWithHistoryToPost(post);
                }

                claim = check == null ? null : _history!.Claim(check);
                if (Settled(claim?.Check, post, target))
                {
                    return;
                }

                StatusPost send = claim?.Gate(post) ?? post;
                QueuedStatus queued = _runner.Run((client, log, cancel) => client.SendAsync(send, _retry, log, cancel, ReportBytesSent));
                DateTimeOffset sentAt = DateTimeOffset.Now;
                result = post.ToResult(queued, sentAt);
                claim?.Posted(queued, sentAt);
            }
            catch (PipelineStoppedException)
            {
                // The pipeline ends (Ctrl+C, or a warning under -WarningAction Stop, which PowerShell raises inside a
                // cmdlet as a stopped pipeline) during this input's request.
                if (_runner.LastCallResult is QueuedStatus queuedAnyway)
                {
                    claim?.Posted(queuedAnyway, DateTimeOffset.Now);
                    WarnAfterStop($"Stopped after Z-API queued {description} (message id {queuedAnyway.MessageId}): it is posted; do not send it again.");
                }
                else
                {
                    // In doubt only when a byte of the body had left; else the status is safe to post again.
                    bool mayExist = _runner.LastCallStartedSending;
                    claim?.Stopped(mayExist);
                    if (mayExist)
                    {
                        WarnAfterStop($"Stopped while sending {description}: the status may or may not have been posted. Check the phone's status before you send it again.");
                    }
                }

                throw;
            }
            catch (ZApiException ex)
            {
                claim?.Failed(ex.ErrorId);
                Fail(ex, target);
                return;
            }
            catch (Exception ex) when (IsInputFailure(ex) && _runner!.LastCallResult is QueuedStatus queuedAnyway)
            {
                // A write failed after the status was queued (a line the host could not show): the post stands.
                DateTimeOffset sentAt = DateTimeOffset.Now;
                result = post.ToResult(queuedAnyway, sentAt);
                try
                {
                    claim?.Posted(queuedAnyway, sentAt);
                }
                catch (ZApiException historyFailed)
                {
                    Fail(historyFailed, target);
                    return;
                }
            }
            catch (Exception ex) when (IsInputFailure(ex))
            {
                // The client turns every failure into a ZApiException; this is the backstop of "one input, one record",
                // which also takes a write that failed mid-request (its call was cancelled and has ended).
                bool mayExist = _runner!.LastCallStartedSending;
                ZApiErrorId id = mayExist ? ZApiErrorId.ZApiOutcomeUnknown : ZApiErrorId.ZApiRequestFailed;
                claim?.Failed(id);
                Fail(new ZApiException(id,
                    $"Posting failed unexpectedly: {_runner.Client.Redactor.Redact(ex.Message)} "
                    + (mayExist ? "The status may or may not have been posted: check the phone's status before you send it again." : "Nothing was posted.")),
                    target);
                return;
            }
            finally
            {
                claim?.Dispose();
            }

            Emit(result, post.ContentByteCount);
        }

        /// <summary>NotDue before its PostAt, Deferred once -MaximumPostCount statuses were posted; null when it may be posted now.</summary>
        private StatusOutcome? HeldBack(PostSchedule schedule, string description)
        {
            DateTimeOffset now = DateTimeOffset.Now;
            if (!schedule.IsDue(now))
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Not due until {0:yyyy-MM-dd HH:mm zzz}: {1}", schedule.PostAt, description));
                return StatusOutcome.NotDue;
            }

            if (schedule.LateWarning(now, description) is string late)
            {
                WriteWarning(late);
            }

            if (MaximumPostCount is int maximum && _tally.PostsMade >= maximum)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Deferred, -MaximumPostCount {0} reached: {1}", maximum, description));
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
            _tally.Result(result.Outcome, byteCount);
            WriteObject(result);
        }

        /// <summary>An exception that belongs to one input, not to the pipeline: everything but Ctrl+C and a stopped pipeline.</summary>
        internal static bool IsInputFailure(Exception ex) =>
            !(ex is PipelineStoppedException) && !(ex is OperationCanceledException) && !(ex is FlowControlException);

        /// <summary>Reports a failure of one input: the batch goes on, unless every later input would fail the same way.</summary>
        internal void Fail(ZApiException exception, object? target)
        {
            ErrorRecord record = ErrorRecords.Create(exception, target);
            _tally.Error(exception.ErrorId);
            if (ErrorRecords.StopsTheBatch(exception.ErrorId))
            {
                WriteSummary();
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }

        /// <summary>
        /// A stopping pipeline refuses WriteWarning, so the warning goes to the host directly, unless
        /// $WarningPreference silences warnings.
        /// </summary>
        private void WarnAfterStop(string message)
        {
            try
            {
                if (GetVariableValue("WarningPreference") is ActionPreference preference
                    && (preference == ActionPreference.SilentlyContinue || preference == ActionPreference.Ignore))
                {
                    return;
                }

                Host?.UI?.WriteWarningLine(message);
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is PSInvalidOperationException || ex is PipelineStoppedException)
            {
                // A host that cannot show it: the ZApiOutcomeUnknown id in the docs says the same.
            }
        }

        /// <summary>
        /// Before the first post of the pipeline: stops the batch when Z-API cannot deliver (a ZApiException), warns
        /// when it will only queue. A check that itself fails is no reason to stop: each post reports its own failure.
        /// </summary>
        private void CheckPhoneOnce()
        {
            if (_phoneChecked || SkipConnectionCheck)
            {
                return;
            }

            _phoneChecked = true;
            ZApiInstanceStatus status;
            try
            {
                status = _runner!.Run((client, log, cancel) => client.GetStatusAsync(_retry, log, cancel));
            }
            catch (ZApiException ex) when (ex.ErrorId == ZApiErrorId.ZApiUnreachable)
            {
                // Before the first post, so the stop can say what the check itself cannot: nothing was posted.
                throw new ZApiException(ex.ErrorId, "Nothing was posted: the check before the first post found no server. " + ex.Message, ex.InnerException);
            }
            catch (ZApiException ex) when (!ErrorRecords.StopsTheBatch(ex.ErrorId))
            {
                WriteWarning("Could not check the phone before posting, so the batch goes on: " + ex.Message);
                return;
            }

            WriteVerbose("Phone check: " + status);
            if (PhoneCheck.Assess(status, RequirePhoneOnline) is string warning)
            {
                WriteWarning(warning);
            }
        }

        /// <summary>Waits, interruptible by Ctrl+C, until -IntervalSec has passed since the previous post started.</summary>
        private void WaitForTurn(string description)
        {
            if (!_pacer.Paces)
            {
                return;
            }

            TimeSpan waited = _runner!.Run((client, log, cancel) => _pacer.TakeTurnAsync(left => ReportWaiting(left, description), cancel));
            if (waited > TimeSpan.Zero)
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Waited {0:0.0} s (-IntervalSec {1}) before posting {2}", waited.TotalSeconds, IntervalSec, description));
            }
        }

        /// <summary>The counts per outcome and error id, bytes and time: in -Verbose, and as one Information record for runbooks.</summary>
        private void WriteSummary()
        {
            BatchSummary summary = _tally.Summary();
            WriteVerbose("Summary: " + summary);
            WriteInformation(summary, new[] { SummaryTag });
        }

        private void ReportWaiting(TimeSpan left, string next) => WriteProgressFromAnyThread(_progress.Waiting(left, next));

        private void ReportBytesSent(long sent, long total) => WriteProgressFromAnyThread(_progress.BytesSent(sent, total));

        /// <summary>From the thread pool: a due progress record reaches the bar through the pipeline thread.</summary>
        private void WriteProgressFromAnyThread(ProgressRecord? record)
        {
            if (record != null)
            {
                _runner?.WriteFromAnyThread(() => WriteProgress(record));
            }
        }
    }
}
