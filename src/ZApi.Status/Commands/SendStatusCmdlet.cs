using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using ZApi.Status.Batch;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Posting;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// The parameters every Send-ZApi*Status cmdlet binds (connection, retries, batch control, history), and the
    /// pipeline's lifecycle: a <see cref="StatusBatch"/> built in BeginProcessing takes each input to its one result or
    /// error, with this cmdlet as its host.
    /// </summary>
    public abstract class SendStatusCmdlet : PSCmdlet, IDisposable
    {
        private StatusBatch _batch = null!;

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

        /// <summary>How the input repeats from its PostAt: daily, weekly, weekly:Mon,Thu, monthly, every:6h or cron:0 9 * * 1-5.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? Repeat { get; set; }

        /// <summary>The end of a series: no occurrence after it (a date alone: that whole day).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public object? Until { get; set; }

        /// <summary>Past this moment the input is not posted at all: Expired.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public object? NotAfter { get; set; }

        /// <summary>The zone whose wall clock PostAt (without an offset) and a series keep: an IANA or Windows name; the machine's by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public object? TimeZone { get; set; }

        /// <summary>An input due longer ago than this yields Expired instead of a late post.</summary>
        [Parameter]
        public TimeSpan? MaximumLateness { get; set; }

        /// <summary>With -WhatIf: reads the calendar at this moment instead of now.</summary>
        [Parameter]
        public DateTimeOffset? AsOf { get; set; }

        /// <summary>A status history (JSON Lines): skips what an earlier run posted, records what this one posts.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HistoryPath { get; set; }

        /// <summary>A status history in an Azure Storage table (its URL, perhaps with a SAS), for runs whose disk does not last.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HistoryTableUri { get; set; }

        /// <summary>A SAS for the history table, when its URL has none.</summary>
        [Parameter]
        [SecretArgument]
        public SecureString? HistoryTableSas { get; set; }

        /// <summary>A bearer token for storage (Get-AzAccessToken -ResourceUrl https://storage.azure.com/), when there is no SAS.</summary>
        [Parameter]
        [SecretArgument(AcceptsAccessToken = true)]
        public SecureString? HistoryTableAccessToken { get; set; }

        /// <summary>Posts every input even when the status history says it was posted, or may have been.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        #endregion

        /// <summary>"image", "video", "text": names the status in ShouldProcess and the progress bar.</summary>
        internal abstract string StatusNoun { get; }

        #region Method Overrides

        protected override void BeginProcessing()
        {
            BatchOptions options = Options();
            _batch = new StatusBatch(options, new CmdletPostingHost(this));
            // No connection is not yet an error: a -WhatIf run validates every input without one.
            (ZApiConnection? connection, ZApiException? noConnection) = ConnectionStore.TryResolve(Connection, WriteWarning);
            HistoryLocation? history = null;
            try
            {
                history = connection == null ? null : HistoryResolver.Locate(SessionState, HistoryArguments(), connection, options.Retry);
            }
            catch (ZApiException ex)
            {
                _batch.Stop(ex, HistoryPath);
            }

            WhileRunning(() => _batch.Begin(connection, noConnection, history));
            if (connection != null)
            {
                WriteVerbose("Using " + connection + " (from " + (Connection != null ? "-Connection" : connection.Source) + ")");
            }
        }

        protected override void EndProcessing() => WhileRunning(_batch.End);

        protected override void StopProcessing() => _batch?.Cancel();

        #endregion

        public void Dispose() => _batch?.Dispose();

        /// <summary>A $null piped in binds as a null array; it is still one input, reported as such.</summary>
        internal static IEnumerable<string?> InputsOf(string?[]? values) => values ?? new string?[] { null };

        /// <summary>One input to its result or error.</summary>
        /// <param name="target">The input as the user gave it: the error's TargetObject.</param>
        /// <param name="prepare">Makes the post from the input, or throws the ZApiException that says what is wrong with it.</param>
        internal void Post(object? target, Func<StatusPost> prepare) =>
            WhileRunning(() => _batch.Post(target, prepare, new CalendarColumns
            {
                PostAt = Unwrap(PostAt),
                Repeat = Repeat,
                Until = Unwrap(Until),
                NotAfter = Unwrap(NotAfter),
                TimeZone = Unwrap(TimeZone),
            }));

        /// <summary>An input that failed before it could be prepared (a path that names no file).</summary>
        internal void Fail(ZApiException exception, object? target) => _batch.Fail(exception, target);

        private HistoryArguments HistoryArguments() => new HistoryArguments
        {
            Path = HistoryPath,
            TableUri = HistoryTableUri,
            TableSas = HistoryTableSas,
            TableAccessToken = HistoryTableAccessToken,
        };

        private BatchOptions Options() => new BatchOptions
        {
            StatusNoun = StatusNoun,
            Retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryIntervalSec)),
            Interval = TimeSpan.FromSeconds(IntervalSec),
            IntervalJitterPercent = IntervalJitterPercent,
            MaximumPostCount = MaximumPostCount,
            SkipConnectionCheck = SkipConnectionCheck,
            RequirePhoneOnline = RequirePhoneOnline,
            Force = Force,
            Preview = IsWhatIfRun(),
            ShowProgress = Host?.UI?.RawUI != null,
            Advice = ConnectionStore.Advice,
            Now = AsOf is DateTimeOffset asOf ? () => asOf : (Func<DateTimeOffset>)(() => DateTimeOffset.Now),
            AsOfGiven = AsOf.HasValue,
            MaximumLateness = MaximumLateness,
        };

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>-WhatIf given, or $WhatIfPreference set and not overridden with -WhatIf:$false.</summary>
        private bool IsWhatIfRun() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
                ? given is SwitchParameter whatIf && whatIf.IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        /// <summary>Ctrl+C ends a request or a wait of the batch with OperationCanceledException; PowerShell expects a stopped pipeline.</summary>
        private static void WhileRunning(Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
