using System;

namespace ZApi.Status.Posting
{
    /// <summary>
    /// What the posting workflow needs from whoever runs it: a cmdlet in real PowerShell, or a test. Every call comes
    /// on the thread that called <see cref="StatusBatch"/>; reports from a request in flight are brought there first.
    /// Any call may throw what the host throws when its pipeline ends (Ctrl+C, a Stop preference, a downstream
    /// Select-Object -First); <see cref="IsStop"/> tells those from an ordinary failure of one write.
    /// </summary>
    internal interface IPostingHost
    {
        /// <summary>ShouldProcess: false to skip the input (-WhatIf, or No at a -Confirm prompt).</summary>
        bool ShouldPost(string description, string action);

        /// <summary>One input's result, on the output.</summary>
        void Emit(StatusResult result);

        /// <summary>One input failed; the batch goes on.</summary>
        void Fail(ZApiException error, object? target);

        /// <summary>A failure every later input would share: ends the batch by throwing, and never returns.</summary>
        void Stop(ZApiException error, object? target);

        void Verbose(string message);

        void Warning(string message);

        /// <summary>A warning while the pipeline is already ending, when ordinary writes are refused.</summary>
        void WarnAfterStop(string message);

        void Progress(ProgressUpdate update);

        /// <summary>What the batch did, for a runbook to read: written once at the end, or before a stop.</summary>
        void Summary(BatchSummary summary);

        /// <summary>True for an exception that means the pipeline is ending, not that one input failed.</summary>
        bool IsStop(Exception exception);
    }
}
