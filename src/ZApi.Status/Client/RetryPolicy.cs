using System;

namespace ZApi.Status.Client
{
    /// <summary>
    /// How often and how long to wait before sending a request again. Only requests that cannot have posted are
    /// retried (429, a connection never established); <see cref="ZApiClient"/> decides that, this class the timing.
    /// </summary>
    internal sealed class RetryPolicy
    {
        /// <summary>The longest wait honoured from a Retry-After header or reached by backing off.</summary>
        public static readonly TimeSpan MaximumDelay = TimeSpan.FromSeconds(60);

        public static readonly RetryPolicy None = new RetryPolicy(0, TimeSpan.Zero);

        private readonly Random _jitter;

        public RetryPolicy(int maximumRetryCount, TimeSpan retryInterval, Random? jitter = null)
        {
            if (maximumRetryCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maximumRetryCount));
            }

            MaximumRetryCount = maximumRetryCount;
            RetryInterval = retryInterval;
            _jitter = jitter ?? new Random();
        }

        public int MaximumRetryCount { get; }

        public TimeSpan RetryInterval { get; }

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (1 for the first): Retry-After when the server gave
        /// one, else the interval doubled per retry with ±20 % jitter so that parallel runbooks do not retry in step.
        /// </summary>
        public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
        {
            if (retryAfter.HasValue)
            {
                return Cap(retryAfter.Value < TimeSpan.Zero ? TimeSpan.Zero : retryAfter.Value);
            }

            double factor = Math.Pow(2, Math.Max(0, retry - 1)) * (0.8 + (0.4 * NextJitter()));
            return Cap(TimeSpan.FromMilliseconds(RetryInterval.TotalMilliseconds * factor));
        }

        /// <summary>
        /// The longest one request can take under this policy: every attempt its connect deadline and the silence
        /// allowed twice (while the body goes, then for the answer), and every wait between them at its longest.
        /// </summary>
        public TimeSpan LongestSend(TimeSpan silence, TimeSpan connect) =>
            TimeSpan.FromTicks(((connect + silence + silence).Ticks * (MaximumRetryCount + 1)) + (MaximumDelay.Ticks * MaximumRetryCount));

        private double NextJitter()
        {
            lock (_jitter)
            {
                return _jitter.NextDouble();
            }
        }

        private static TimeSpan Cap(TimeSpan delay) => delay > MaximumDelay ? MaximumDelay : delay;
    }
}
