using System;
using System.Collections.Generic;

namespace ZApi.Status.Batch
{
    /// <summary>
    /// Counts what a pipeline yields, result by result and error by error, for -MaximumPostCount and the summary.
    /// </summary>
    internal sealed class BatchTally
    {
        private readonly Dictionary<string, int> _outcomes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _errors = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly Func<TimeSpan> _clock;
        private readonly TimeSpan _start;
        private long _bytes;
        private int _wouldPost;

        /// <param name="clock">A monotonic clock: the time elapsed since any fixed moment.</param>
        public BatchTally(Func<TimeSpan> clock)
        {
            _clock = clock;
            _start = clock();
            foreach (StatusOutcome outcome in (StatusOutcome[])Enum.GetValues(typeof(StatusOutcome)))
            {
                _outcomes[outcome.ToString()] = 0;
            }
        }

        /// <summary>
        /// Statuses this run may have posted: the ones Z-API queued and the ones whose outcome is unknown, so that
        /// -MaximumPostCount is never exceeded on the phone.
        /// </summary>
        public int PostsMade => _outcomes[nameof(StatusOutcome.Posted)] + Count(_errors, nameof(ZApiErrorId.ZApiOutcomeUnknown));

        /// <summary>What -MaximumPostCount counts: the posts made, and in a dry run the ones the real run would make.</summary>
        public int PostsBudgeted => PostsMade + _wouldPost;

        /// <summary>A dry run declined an input that the real run would post.</summary>
        public void WouldPost() => _wouldPost++;

        /// <param name="byteCount">The bytes posted; zero for a status that was not.</param>
        public void Result(StatusOutcome outcome, long byteCount)
        {
            _outcomes[outcome.ToString()] = Count(_outcomes, outcome.ToString()) + 1;
            _bytes += byteCount;
        }

        public void Error(ZApiErrorId id) => _errors[id.ToString()] = Count(_errors, id.ToString()) + 1;

        public BatchSummary Summary() =>
            new BatchSummary(new Dictionary<string, int>(_outcomes, StringComparer.OrdinalIgnoreCase),
                new Dictionary<string, int>(_errors, StringComparer.OrdinalIgnoreCase), _bytes, _clock() - _start);

        private static int Count(Dictionary<string, int> counts, string key) => counts.TryGetValue(key, out int n) ? n : 0;
    }
}
