using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Cronos;

namespace ZApi.Status.Batch
{
    /// <summary>
    /// How a calendar row repeats, from its Repeat value: daily, weekly, weekly:Mon,Thu, monthly, every:&lt;N&gt;h or
    /// cron:&lt;expression&gt;. The short forms become cron expressions at the start's wall-clock time in the row's
    /// zone, so "09:00 daily" stays 09:00 across daylight-saving changes; Cronos does the occurrence arithmetic, moving
    /// a time that does not exist that day forward and giving a time that happens twice once.
    /// </summary>
    internal sealed class RepeatRule
    {
        public const string Forms = "daily, weekly, weekly:Mon,Thu, monthly, every:6h or cron:0 9 * * 1-5";

        private static readonly Dictionary<string, DayOfWeek> DayNames = BuildDayNames();

        private readonly RepeatKind _kind;
        private readonly string _days;
        private readonly int _hours;
        private readonly CronExpression? _cron;

        private RepeatRule(string text, RepeatKind kind, string days = "", int hours = 0, CronExpression? cron = null)
        {
            Text = text;
            _kind = kind;
            _days = days;
            _hours = hours;
            _cron = cron;
        }

        private enum RepeatKind
        {
            Daily,
            Weekly,
            WeeklyOn,
            Monthly,
            EveryHours,
            Cron,
        }

        /// <summary>The value as the user wrote it, for messages.</summary>
        public string Text { get; }

        /// <summary>True for the forms that take their time of day (and weekday, day of month) from the series' start.</summary>
        public bool NeedsStart => _kind != RepeatKind.Cron;

        /// <summary>True for the forms that keep the start's wall-clock time in the row's zone (every:Nh counts elapsed hours instead).</summary>
        public bool KeepsWallClock => NeedsStart && _kind != RepeatKind.EveryHours;

        /// <summary>Reads a Repeat value; null for none (blank).</summary>
        /// <exception cref="ZApiException">InvalidRepeat, naming the value and the forms that work.</exception>
        public static RepeatRule? Parse(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            string text = value!.Trim();
            int colon = text.IndexOf(':');
            string form = (colon < 0 ? text : text.Substring(0, colon)).Trim().ToLowerInvariant();
            string argument = colon < 0 ? string.Empty : text.Substring(colon + 1).Trim();
            switch (form)
            {
                case "daily" when colon < 0:
                    return new RepeatRule(text, RepeatKind.Daily);
                case "weekly" when colon < 0:
                    return new RepeatRule(text, RepeatKind.Weekly);
                case "weekly":
                    return new RepeatRule(text, RepeatKind.WeeklyOn, days: Days(text, argument));
                case "monthly" when colon < 0:
                    return new RepeatRule(text, RepeatKind.Monthly);
                case "every":
                    return new RepeatRule(text, RepeatKind.EveryHours, hours: Hours(text, argument));
                case "cron":
                    return new RepeatRule(text, RepeatKind.Cron, cron: Cron(text, argument));
                default:
                    throw Invalid(text, "is not a way to repeat.");
            }
        }

        /// <summary>The latest occurrence at or before <paramref name="upTo"/> and not before <paramref name="start"/>; null when there is none.</summary>
        /// <param name="clock">The start's time of day as written, when it differs from the start's own (a time a spring change skips).</param>
        public DateTimeOffset? Latest(DateTimeOffset? start, TimeZoneInfo zone, DateTimeOffset upTo, DateTime? clock = null)
        {
            if (start.HasValue && start.Value > upTo)
            {
                return null;
            }

            if (_kind == RepeatKind.EveryHours)
            {
                long step = TimeSpan.FromHours(_hours).Ticks;
                return InZone(start!.Value.AddTicks((upTo - start.Value).Ticks / step * step), zone);
            }

            DateTimeOffset? latest = LatestOccurrence(CronFor(start, zone, clock), zone, upTo);
            return latest.HasValue && (!start.HasValue || latest.Value >= start.Value) ? latest : null;
        }

        /// <summary>The first occurrence after <paramref name="after"/> (or at it, when <paramref name="inclusive"/>), not before <paramref name="start"/>.</summary>
        /// <param name="clock">The start's time of day as written, when it differs from the start's own (a time a spring change skips).</param>
        public DateTimeOffset? Next(DateTimeOffset? start, TimeZoneInfo zone, DateTimeOffset after, bool inclusive, DateTime? clock = null)
        {
            if (start.HasValue && start.Value > after)
            {
                after = start.Value;
                inclusive = true;
            }

            if (_kind == RepeatKind.EveryHours)
            {
                long step = TimeSpan.FromHours(_hours).Ticks;
                long steps = (after - start!.Value).Ticks / step;
                DateTimeOffset at = start.Value.AddTicks(steps * step);
                return InZone(at == after && inclusive ? at : at.AddTicks(step), zone);
            }

            // Inclusive from a tick before: Cronos places a time that a spring change skips at the gap's end, but finds
            // it there only when the search starts before the gap.
            CronExpression cron = CronFor(start, zone, clock);
            return inclusive ? cron.GetNextOccurrence(after.AddTicks(-1), zone, inclusive: false) : cron.GetNextOccurrence(after, zone, inclusive: false);
        }

        public override string ToString() => Text;

        /// <summary>
        /// Looking back, Cronos places a time that a spring change skips just before the gap; looking forward, at the
        /// first moment after it. The forward answer is the occurrence (it is when a forward-running clock posts it), so
        /// each candidate found looking back is moved to where it lies looking forward, and kept when that is still in time.
        /// </summary>
        private static DateTimeOffset? LatestOccurrence(CronExpression cron, TimeZoneInfo zone, DateTimeOffset upTo)
        {
            DateTimeOffset? candidate = cron.GetPreviousOccurrence(upTo, zone, inclusive: true);
            for (int tries = 0; candidate.HasValue && tries < 4; tries++)
            {
                DateTimeOffset? forward = cron.GetNextOccurrence(candidate.Value, zone, inclusive: true);
                if (forward.HasValue && forward.Value <= upTo)
                {
                    return forward;
                }

                candidate = cron.GetPreviousOccurrence(candidate.Value, zone, inclusive: false);
            }

            return candidate;
        }

        private static DateTimeOffset InZone(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone);

        /// <summary>The expression for this rule, at the start's wall-clock time in <paramref name="zone"/> (or at <paramref name="clock"/>, as written).</summary>
        private CronExpression CronFor(DateTimeOffset? start, TimeZoneInfo zone, DateTime? clock)
        {
            if (_kind == RepeatKind.Cron)
            {
                return _cron!;
            }

            DateTime local = clock ?? TimeZoneInfo.ConvertTime(start!.Value, zone).DateTime;
            string time = string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}", local.Second, local.Minute, local.Hour);
            string days =
                _kind == RepeatKind.Daily ? "* * *"
                : _kind == RepeatKind.Weekly ? "* * " + (int)local.DayOfWeek
                : _kind == RepeatKind.WeeklyOn ? "* * " + _days
                : local.Day.ToString(CultureInfo.InvariantCulture) + " * *";
            return CronExpression.Parse(time + " " + days, CronFormat.IncludeSeconds);
        }

        private static string Days(string text, string list)
        {
            var days = new SortedSet<int>();
            foreach (string name in list.Split(','))
            {
                if (!DayNames.TryGetValue(name.Trim(), out DayOfWeek day))
                {
                    throw Invalid(text, $"names a day '{name.Trim()}' that is not a weekday. Name the days in English, such as weekly:Mon,Thu.");
                }

                days.Add((int)day);
            }

            return string.Join(",", days.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        }

        private static int Hours(string text, string argument)
        {
            string number = argument.EndsWith("h", StringComparison.OrdinalIgnoreCase) ? argument.Substring(0, argument.Length - 1) : string.Empty;
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int hours) || hours < 1)
            {
                throw Invalid(text, "needs a whole number of hours, 1 or more, such as every:6h.");
            }

            return hours;
        }

        private static CronExpression Cron(string text, string expression)
        {
            try
            {
                return CronExpression.Parse(expression, CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                throw Invalid(text, $"is not a cron expression of five fields (minute hour day-of-month month day-of-week): {ex.Message}", ex);
            }
        }

        private static ZApiException Invalid(string text, string why, Exception? inner = null) =>
            new ZApiException(ZApiErrorId.InvalidRepeat, $"Repeat '{text}' {why} Write one of {Forms}. Nothing was posted for this input.", inner);

        private static Dictionary<string, DayOfWeek> BuildDayNames()
        {
            var names = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase);
            foreach (DayOfWeek day in (DayOfWeek[])Enum.GetValues(typeof(DayOfWeek)))
            {
                string name = day.ToString();
                names[name] = day;
                names[name.Substring(0, 3)] = day;
            }

            return names;
        }
    }
}
