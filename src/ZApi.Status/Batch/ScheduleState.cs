using System;

namespace ZApi.Status.Batch
{
    /// <summary>What an input's schedule says at one moment: whether it is due, and for which time.</summary>
    internal sealed class ScheduleState
    {
        public ScheduleState(bool isDue, DateTimeOffset? dueAt, DateTimeOffset? occurrence, DateTimeOffset? next)
        {
            IsDue = isDue;
            DueAt = dueAt;
            Occurrence = occurrence;
            Next = next;
        }

        /// <summary>True when the input may be posted now (or could, but for lateness).</summary>
        public bool IsDue { get; }

        /// <summary>
        /// When it is (or was) due: its PostAt, or the occurrence of a repeating row; for one not yet due, when it will
        /// be. Null for an input without a time, which is due at once.
        /// </summary>
        public DateTimeOffset? DueAt { get; }

        /// <summary>For a repeating row that is due: the occurrence this run looks at, part of the status's identity.</summary>
        public DateTimeOffset? Occurrence { get; }

        /// <summary>For a repeating row: the occurrence after this one, or null when the series ends first.</summary>
        public DateTimeOffset? Next { get; }
    }
}
