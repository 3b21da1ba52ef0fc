using System;
using System.Diagnostics;
using System.Globalization;

namespace ZApi.Status.Posting
{
    /// <summary>
    /// Write-Progress for a batch: which input is being posted and, for an upload that takes a while, a byte bar.
    /// Updated at most once a second, as the WebCmdlets learned (a busy progress bar made 5.1 downloads many times
    /// slower), and not at all without an interactive host. $ProgressPreference is honoured by WriteProgress itself.
    /// One unit throughout, the media file's bytes, and a bar that starts empty and never goes back (a retry sends
    /// the body again from its start, but the bar keeps its highest point).
    /// </summary>
    internal sealed class UploadProgress
    {
        private const int ActivityId = 0x2A41;
        private static readonly long IntervalTicks = Stopwatch.Frequency;

        private readonly bool _enabled;
        private readonly string _activity;
        private readonly Func<long> _clock;
        private readonly object _gate = new object();
        private long _lastWrite = -IntervalTicks;
        private bool _written;
        private int _started;
        private string _current = string.Empty;
        private long _highest;

        /// <param name="enabled">False for a host without a user interface (a runspace of its own, a job, a remote call), which would only store the records.</param>
        /// <param name="clock">Stopwatch ticks; tests pass their own.</param>
        public UploadProgress(bool enabled, string activity, Func<long>? clock = null)
        {
            _activity = activity;
            _enabled = enabled;
            if (clock == null)
            {
                Stopwatch stopwatch = Stopwatch.StartNew();
                clock = () => stopwatch.ElapsedTicks;
            }

            _clock = clock;
        }

        /// <summary>On the pipeline thread, before an input is posted.</summary>
        public ProgressUpdate? Starting(string description)
        {
            _started++;
            _current = description;
            lock (_gate)
            {
                _highest = 0;
            }

            return Due() ? Record(string.Format(CultureInfo.CurrentCulture, "{0} posted. Posting {1}", _started - 1, description), 0) : null;
        }

        /// <summary>From any thread while a body is written: how many of the media file's bytes have gone out.</summary>
        public ProgressUpdate? BytesSent(long sent, long total)
        {
            lock (_gate)
            {
                if (total <= 0 || sent <= _highest)
                {
                    return null;
                }

                _highest = Math.Min(sent, total);
            }

            return Due()
                ? Record(string.Format(CultureInfo.CurrentCulture, "{0} posted. Posting {1}: {2:N0} of {3:N0} bytes sent", _started - 1, _current, sent, total), (int)(sent * 100 / total))
                : null;
        }

        /// <summary>From any thread during a pacing wait before the next post: the batch is waiting, not stuck.</summary>
        public ProgressUpdate? Waiting(TimeSpan left, string next)
        {
            if (!Due())
            {
                return null;
            }

            int seconds = (int)Math.Ceiling(left.TotalSeconds);
            return new ProgressUpdate(ActivityId, _activity, string.Format(CultureInfo.CurrentCulture, "{0} posted. Waiting {1} s before posting {2}", _started, seconds, next),
                secondsRemaining: seconds);
        }

        /// <summary>From any thread, while the check before the first post is waiting for its answer.</summary>
        public ProgressUpdate? CheckingPhone(string instanceId) =>
            Due() ? new ProgressUpdate(ActivityId, _activity, "Checking that the phone of instance " + instanceId + " is online before the first post") : null;

        /// <summary>On the pipeline thread at the end: clears the bar if one was shown.</summary>
        public ProgressUpdate? Completed()
        {
            lock (_gate)
            {
                return _written ? new ProgressUpdate(ActivityId, _activity, "Done", completed: true) : null;
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
                long now = _clock();
                if (now - _lastWrite < IntervalTicks)
                {
                    return false;
                }

                _lastWrite = now;
                _written = true;
                return true;
            }
        }

        private ProgressUpdate Record(string status, int percent) => new ProgressUpdate(ActivityId, _activity, status, percent);
    }
}
