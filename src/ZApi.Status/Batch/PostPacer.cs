using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Batch
{
    /// <summary>
    /// Spaces the starts of the posts in one pipeline by at least an interval, plus a random share of it, so that a
    /// batch does not post at a machine-regular cadence (what gets a WhatsApp number flagged). The clock and the wait
    /// are injected, so the timing is testable without waiting.
    /// </summary>
    internal sealed class PostPacer
    {
        /// <summary>How often a long wait reports what is left, so the progress bar shows it counting down.</summary>
        private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);

        private readonly TimeSpan _interval;
        private readonly double _jitterShare;
        private readonly Func<TimeSpan> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Random _random;
        private TimeSpan? _nextStart;

        /// <param name="clock">A monotonic clock: the time elapsed since any fixed moment.</param>
        /// <param name="delay">Waits, or throws OperationCanceledException when cancelled.</param>
        public PostPacer(TimeSpan interval, int jitterPercent, Func<TimeSpan> clock, Func<TimeSpan, CancellationToken, Task> delay, Random random)
        {
            if (interval < TimeSpan.Zero || jitterPercent < 0)
            {
                throw new ArgumentOutOfRangeException(interval < TimeSpan.Zero ? nameof(interval) : nameof(jitterPercent));
            }

            _interval = interval;
            _jitterShare = jitterPercent / 100.0;
            _clock = clock;
            _delay = delay;
            _random = random;
        }

        /// <summary>Whether there is anything to wait for: false without an interval.</summary>
        public bool Paces => _interval > TimeSpan.Zero;

        /// <summary>The wait the next post needs now; zero for the first post and when its time has come.</summary>
        public TimeSpan DelayNow()
        {
            TimeSpan left = _nextStart.HasValue ? _nextStart.Value - _clock() : TimeSpan.Zero;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        /// <summary>
        /// Waits until the next post may start, telling <paramref name="waiting"/> what is left at most once a second,
        /// then counts the post as started. Returns how long it waited.
        /// </summary>
        public async Task<TimeSpan> TakeTurnAsync(Action<TimeSpan>? waiting, CancellationToken cancellationToken)
        {
            TimeSpan waited = TimeSpan.Zero;
            for (TimeSpan left = DelayNow(); left > TimeSpan.Zero; left = DelayNow())
            {
                waiting?.Invoke(left);
                TimeSpan step = left < ReportEvery ? left : ReportEvery;
                await _delay(step, cancellationToken).ConfigureAwait(false);
                waited += step;
            }

            Started();
            return waited;
        }

        /// <summary>
        /// Counts a post as started now: the next may start one interval (and its jitter) later. Told again as each
        /// retry of the post starts, so a wait for Retry-After never uses up the interval: it runs from the attempt Z-API
        /// accepted.
        /// </summary>
        public void Started()
        {
            if (!Paces)
            {
                return;
            }

            double jitter;
            lock (_random)
            {
                jitter = _random.NextDouble();
            }

            // Jitter only lengthens the gap: -IntervalSec stays the least time between two starts.
            _nextStart = _clock() + TimeSpan.FromTicks((long)(_interval.Ticks * (1 + (_jitterShare * jitter))));
        }
    }
}
