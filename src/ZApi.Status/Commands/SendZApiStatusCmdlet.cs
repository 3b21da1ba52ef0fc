using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// What every Send-ZApi*Status cmdlet shares: the retry parameters, and the one path from an input to exactly one
    /// result or one error: validate, ShouldProcess, post, write.
    /// </summary>
    public abstract class SendZApiStatusCmdlet : ZApiRequestCmdlet
    {
        private RetryPolicy _retry = null!;
        private UploadProgress _progress = null!;

        #region Parameters

        /// <summary>Retries after HTTP 429 or a connection that was never made; 0 turns retries off.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first wait between retries, doubled each time with jitter, when Z-API sends no Retry-After.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryIntervalSec { get; set; } = 2;

        #endregion

        /// <summary>The ShouldProcess action, such as "Post image status".</summary>
        internal abstract string ShouldProcessAction { get; }

        #region Method Overrides

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryIntervalSec));
            _progress = new UploadProgress(this, ShouldProcessAction + "es");
        }

        protected override void EndProcessing()
        {
            if (_progress?.Completed() is ProgressRecord done)
            {
                WriteProgress(done);
            }

            base.EndProcessing();
        }

        #endregion

        /// <summary>A $null piped in binds as a null array; it is still one input, reported as such.</summary>
        internal static IEnumerable<string?> InputsOf(string?[]? values) => values ?? new string?[] { null };

        /// <summary>Validates one input, asks ShouldProcess, posts it and writes its result or its error.</summary>
        /// <param name="target">The input as the user gave it: the error's TargetObject.</param>
        internal void Send<TPost>(object? target, Func<TPost> validate, Func<TPost, ZApiSendResult, DateTimeOffset, StatusResult> toResult)
            where TPost : StatusPost
        {
            TPost post;
            try
            {
                post = validate();
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }

            string description = post.Describe();
            if (!ShouldProcess(description, ShouldProcessAction))
            {
                return;
            }

            if (_progress.Starting(description) is ProgressRecord starting)
            {
                WriteProgress(starting);
            }

            ZApiSendResult sent;
            try
            {
                sent = Await((log, cancel) => Client.SendAsync(post, _retry, log, cancel, ReportBytesSent));
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }

            WriteObject(toResult(post, sent, DateTimeOffset.Now));
        }

        private void ReportBytesSent(long sent, long total)
        {
            if (_progress.BytesSent(sent, total) is ProgressRecord record)
            {
                WriteFromAnyThread(() => WriteProgress(record));
            }
        }
    }
}
