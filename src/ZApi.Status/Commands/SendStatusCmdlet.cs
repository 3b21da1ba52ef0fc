using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// The parameters every Send-ZApi*Status cmdlet binds (connection, retries), and the one path from an input to
    /// exactly one result or one error: validate, ShouldProcess, post, write. The mechanics are composed: a
    /// <see cref="ClientCallRunner"/> for the call and Ctrl+C, an <see cref="UploadProgress"/> for the bar.
    /// </summary>
    public abstract class SendStatusCmdlet : PSCmdlet, IDisposable
    {
        private ClientCallRunner? _runner;
        private RetryPolicy _retry = null!;
        private UploadProgress _progress = null!;

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

        #endregion

        /// <summary>"image", "video", "text": names the status in ShouldProcess and the progress bar.</summary>
        internal abstract string StatusNoun { get; }

        #region Method Overrides

        protected override void BeginProcessing()
        {
            ZApiConnection connection;
            try
            {
                connection = ConnectionStore.Resolve(Connection);
            }
            catch (ZApiException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(ex, null));
                return;
            }

            _runner = new ClientCallRunner(connection, WriteVerbose);
            _retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryIntervalSec));
            _progress = new UploadProgress(this, "Posting " + StatusNoun + " statuses");
            WriteVerbose("Using " + connection + " (from " + (Connection != null ? "-Connection" : connection.Source) + ")");
        }

        protected override void EndProcessing()
        {
            if (_progress?.Completed() is ProgressRecord done)
            {
                WriteProgress(done);
            }
        }

        protected override void StopProcessing() => _runner?.Cancel();

        #endregion

        public void Dispose() => _runner?.Dispose();

        /// <summary>A $null piped in binds as a null array; it is still one input, reported as such.</summary>
        internal static IEnumerable<string?> InputsOf(string?[]? values) => values ?? new string?[] { null };

        /// <summary>Validates one input, asks ShouldProcess, posts it and writes its result or its error.</summary>
        /// <param name="target">The input as the user gave it: the error's TargetObject.</param>
        /// <param name="validate">Makes the post from the input, or throws the ZApiException that says what is wrong with it.</param>
        internal void Post(object? target, Func<StatusPost> validate)
        {
            StatusPost post;
            try
            {
                post = validate();
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

            string description = post.Describe();
            if (!ShouldProcess(description, "Post " + StatusNoun + " status"))
            {
                return;
            }

            if (_progress.Starting(description) is ProgressRecord starting)
            {
                WriteProgress(starting);
            }

            QueuedStatus queued;
            try
            {
                queued = _runner!.Run((client, log, cancel) => client.SendAsync(post, _retry, log, cancel, ReportBytesSent));
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }
            catch (Exception ex) when (IsInputFailure(ex))
            {
                // The client turns every failure into a ZApiException; this is the backstop of "one input, one record".
                Fail(new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    $"Posting failed unexpectedly: {_runner!.Client.Redactor.Redact(ex.Message)} The status may or may not have been posted: check the phone's status before you send it again."),
                    target);
                return;
            }

            WriteObject(post.ToResult(queued, DateTimeOffset.Now));
        }

        /// <summary>An exception that belongs to one input, not to the pipeline: everything but Ctrl+C and a stopped pipeline.</summary>
        internal static bool IsInputFailure(Exception ex) =>
            !(ex is PipelineStoppedException) && !(ex is OperationCanceledException) && !(ex is FlowControlException);

        /// <summary>Reports a failure of one input: the batch goes on, unless every later input would fail the same way.</summary>
        internal void Fail(ZApiException exception, object? target)
        {
            ErrorRecord record = ErrorRecords.Create(exception, target);
            if (ErrorRecords.StopsTheBatch(exception.ErrorId))
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }

        private void ReportBytesSent(long sent, long total)
        {
            if (_progress.BytesSent(sent, total) is ProgressRecord record)
            {
                _runner?.WriteFromAnyThread(() => WriteProgress(record));
            }
        }
    }
}
