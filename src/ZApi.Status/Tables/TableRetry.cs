using System;

namespace ZApi.Status.Tables
{
    /// <summary>How long one table request may take, and how often and after what wait a throttled or silent one is sent again.</summary>
    internal sealed class TableRetry
    {
        public static readonly TableRetry Default = new TableRetry(3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15));

        private static readonly TimeSpan MaximumDelay = TimeSpan.FromSeconds(10);
        private readonly Random _jitter = new Random();

        public TableRetry(int maximumRetryCount, TimeSpan firstDelay, TimeSpan requestTime)
        {
            MaximumRetryCount = maximumRetryCount;
            FirstDelay = firstDelay;
            RequestTime = requestTime;
        }

        public int MaximumRetryCount { get; }

        public TimeSpan FirstDelay { get; }

        /// <summary>The longest a single request may go unanswered before it counts as failed (and is tried again).</summary>
        public TimeSpan RequestTime { get; }

        /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1: Retry-After when given, else doubling with ±20 % jitter.</summary>
        public TimeSpan DelayBefore(int failedAttempt, TimeSpan? retryAfter)
        {
            double jitter;
            lock (_jitter)
            {
                jitter = 0.8 + (0.4 * _jitter.NextDouble());
            }

            TimeSpan delay = retryAfter ?? TimeSpan.FromMilliseconds(FirstDelay.TotalMilliseconds * Math.Pow(2, failedAttempt - 1) * jitter);
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaximumDelay ? MaximumDelay : delay;
        }
    }
}
