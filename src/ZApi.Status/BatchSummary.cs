using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ZApi.Status
{
    /// <summary>
    /// What one Send-ZApi*Status pipeline did, as the MessageData of its Information record tagged ZApi.Summary:
    /// a runbook reads the counts instead of parsing text.
    /// </summary>
    public sealed class BatchSummary
    {
        internal BatchSummary(IReadOnlyDictionary<string, int> outcomes, IReadOnlyDictionary<string, int> errors, long byteCount, TimeSpan elapsed)
        {
            Outcomes = outcomes;
            Errors = errors;
            ByteCount = byteCount;
            Elapsed = elapsed;
        }

        /// <summary>Results per StatusOutcome name (Posted, NotDue, Deferred, ...), each present, zero or not.</summary>
        public IReadOnlyDictionary<string, int> Outcomes { get; }

        /// <summary>Error records per error id; only the ids that occurred.</summary>
        public IReadOnlyDictionary<string, int> Errors { get; }

        /// <summary>All error records, whatever their id.</summary>
        public int Failed => Errors.Values.Sum();

        /// <summary>The media (or message) bytes of the statuses posted.</summary>
        public long ByteCount { get; }

        /// <summary>From the start of the pipeline to the summary.</summary>
        public TimeSpan Elapsed { get; }

        public override string ToString()
        {
            string outcomes = string.Join(", ", Outcomes.Select(o => o.Value.ToString(CultureInfo.InvariantCulture) + " " + o.Key));
            string errors = Errors.Count == 0
                ? string.Empty
                : " (" + string.Join(", ", Errors.Select(e => e.Key + " " + e.Value.ToString(CultureInfo.InvariantCulture))) + ")";
            return string.Format(CultureInfo.InvariantCulture, "{0}, {1} failed{2}; {3:N0} bytes posted in {4:0.0} s",
                outcomes, Failed, errors, ByteCount, Elapsed.TotalSeconds);
        }
    }
}
