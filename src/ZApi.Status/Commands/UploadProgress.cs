using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Write-Progress for a batch: which input is being posted and, for an upload that takes a while, a byte bar.
    /// Updated at most once a second, as the WebCmdlets learned (a busy progress bar made 5.1 downloads many times
    /// slower), and not at all without an interactive host. $ProgressPreference is honoured by WriteProgress itself.
    /// </summary>
    internal sealed class UploadProgress
    {
        private const int ActivityId = 0x2A41;
        private static readonly long IntervalTicks = Stopwatch.Frequency;

        private readonly bool _enabled;
        private readonly string _activity;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new object();
        private long _lastWrite = -IntervalTicks;
        private bool _written;
        private int _started;
        private string _current = string.Empty;

        public UploadProgress(PSCmdlet cmdlet, string activity)
        {
            _activity = activity;
            // A host without a user interface (a runspace of its own, a job, a remote call) would only store the records.
            _enabled = cmdlet.Host?.UI?.RawUI != null;
        }

        /// <summary>On the pipeline thread, before an input is posted.</summary>
        public ProgressRecord? Starting(string description)
        {
            _started++;
            _current = description;
            return Due() ? Record(string.Format(CultureInfo.CurrentCulture, "{0} posted. Posting {1}", _started - 1, description), -1) : null;
        }

        /// <summary>From any thread while a body is written.</summary>
        public ProgressRecord? BytesSent(long sent, long total) =>
            total > 0 && Due()
                ? Record(string.Format(CultureInfo.CurrentCulture, "{0} posted. Posting {1}: {2:N0} of {3:N0} bytes", _started - 1, _current, sent, total), (int)(sent * 100 / total))
                : null;

        /// <summary>From any thread during a pacing wait before the next post: the batch is waiting, not stuck.</summary>
        public ProgressRecord? Waiting(TimeSpan left, string next)
        {
            if (!Due())
            {
                return null;
            }

            int seconds = (int)Math.Ceiling(left.TotalSeconds);
            return new ProgressRecord(ActivityId, _activity, string.Format(CultureInfo.CurrentCulture, "{0} posted. Waiting {1} s before posting {2}", _started, seconds, next))
            {
                PercentComplete = -1,
                SecondsRemaining = seconds,
            };
        }

        /// <summary>On the pipeline thread at the end: clears the bar if one was shown.</summary>
        public ProgressRecord? Completed()
        {
            lock (_gate)
            {
                return _written ? new ProgressRecord(ActivityId, _activity, "Done") { RecordType = ProgressRecordType.Completed } : null;
            }
        }

        private bool Due()
        {
            if (!_enabled)
            {
                return false;
            }

            lock (_gate)
            {
                long now = _clock.ElapsedTicks;
                if (now - _lastWrite < IntervalTicks)
                {
                    return false;
                }

                _lastWrite = now;
                _written = true;
                return true;
            }
        }

        private ProgressRecord Record(string status, int percent) =>
            new ProgressRecord(ActivityId, _activity, status) { PercentComplete = percent };
    }
}
