using System;
using System.Globalization;
using TimeZoneConverter;

namespace ZApi.Status.Batch
{
    /// <summary>
    /// When an input may be posted, from its calendar values (CSV columns, or parameters): PostAt, and for a series
    /// Repeat and Until, NotAfter, and the TimeZone whose wall clock a time without an offset (and a series) keeps.
    /// Dates are written the one way that reads the same in every culture; day/month orders such as 03/05/2026 are
    /// refused rather than guessed, because a guess posts a status on the wrong day.
    /// </summary>
    internal sealed class PostSchedule
    {
        /// <summary>A due time this far in the past still posts, without a lateness limit, with a warning that the status comes late.</summary>
        public static readonly TimeSpan LateAfter = TimeSpan.FromHours(24);

        private const string Example = "'2026-05-03 09:00' (local time) or '2026-05-03T09:00-03:00'";

        private static readonly string[] WallClockFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
            "yyyy-MM-dd'T'HH:mm:ss",
            "yyyy-MM-dd'T'HH:mm",
            "yyyy-MM-dd HH:mm:ss.FFFFFFF",
            "yyyy-MM-dd HH:mm:ss",
            "yyyy-MM-dd HH:mm",
        };

        private static readonly string[] MomentFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd'T'HH:mm:ssK",
            "yyyy-MM-dd'T'HH:mmK",
            "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd HH:mm:ssK",
            "yyyy-MM-dd HH:mmK",
        };

        private const string DateFormat = "yyyy-MM-dd";

        // The wall-clock time a series keeps, when PostAt was written at a time its day skips; null: PostAt's own.
        private readonly DateTime? _seriesClock;

        private PostSchedule(DateTimeOffset? postAt, RepeatRule? repeat, DateTimeOffset? until, DateTimeOffset? notAfter, TimeZoneInfo zone, DateTime? seriesClock)
        {
            _seriesClock = seriesClock;
            PostAt = postAt;
            Repeat = repeat;
            Until = until;
            NotAfter = notAfter;
            Zone = zone;
        }

        /// <summary>When the input is due, or a series starts; null when it has no PostAt, so it is due now.</summary>
        public DateTimeOffset? PostAt { get; }

        /// <summary>How it repeats; null for a single post.</summary>
        public RepeatRule? Repeat { get; }

        /// <summary>The end of a series: no occurrence after it.</summary>
        public DateTimeOffset? Until { get; }

        /// <summary>Past this moment the input is not posted at all (Expired).</summary>
        public DateTimeOffset? NotAfter { get; }

        /// <summary>The zone whose wall clock a time without an offset, and a series, keeps: the TimeZone value, else the machine's.</summary>
        public TimeZoneInfo Zone { get; }

        /// <summary>Reads a PostAt value alone.</summary>
        /// <exception cref="ZApiException">InvalidPostAt, naming the value and the forms that work.</exception>
        public static PostSchedule From(object? postAt) => From(new CalendarColumns { PostAt = postAt });

        /// <summary>
        /// Reads an input's calendar values: PostAt, Until and NotAfter as null or blank, a DateTime or DateTimeOffset,
        /// or text in one of the ISO 8601 forms; Repeat as text; TimeZone as an IANA or Windows zone name, or a TimeZoneInfo.
        /// A date alone is midnight for PostAt, and the whole day for Until and NotAfter.
        /// </summary>
        /// <exception cref="ZApiException">InvalidPostAt, InvalidRepeat or InvalidTimeZone, naming the value and what works.</exception>
        public static PostSchedule From(CalendarColumns columns)
        {
            TimeZoneInfo zone = ZoneOf(columns.TimeZone);
            DateTimeOffset? postAt = ReadTime(columns.PostAt, "PostAt", zone, wholeDay: false);
            RepeatRule? repeat = RepeatRule.Parse(RepeatText(columns.Repeat));
            DateTimeOffset? until = ReadTime(columns.Until, "Until", zone, wholeDay: true);
            DateTimeOffset? notAfter = ReadTime(columns.NotAfter, "NotAfter", zone, wholeDay: true);
            if (repeat != null && repeat.NeedsStart && postAt == null)
            {
                throw RepeatError($"Repeat '{repeat}' needs a PostAt: the first occurrence, whose time of day (and weekday or day of the month) the series keeps.");
            }

            if (until.HasValue && repeat == null)
            {
                throw RepeatError($"Until ends a series, but this input has no Repeat. Give it a Repeat ({RepeatRule.Forms}), or leave Until empty.");
            }

            if (until.HasValue && postAt.HasValue && until.Value < postAt.Value)
            {
                throw RepeatError(string.Format(CultureInfo.InvariantCulture, "Until {0:yyyy-MM-dd HH:mm zzz} is before PostAt {1:yyyy-MM-dd HH:mm zzz}, so the series has no occurrence.", until.Value, postAt.Value));
            }

            // A series runs on whole seconds: a fraction would push its first occurrence to the next day.
            if (repeat != null && postAt.HasValue)
            {
                postAt = postAt.Value.AddTicks(-(postAt.Value.Ticks % TimeSpan.TicksPerSecond));
            }

            // "02:30 daily" written for the day a spring change skips 02:30 stays 02:30 on the days after: moved
            // forward by the gap, PostAt would make it a 03:30 series for good.
            DateTime? seriesClock = null;
            if (repeat != null && repeat.KeepsWallClock && WrittenWallClock(columns.PostAt) is DateTime written && zone.IsInvalidTime(written))
            {
                seriesClock = written.AddTicks(-(written.Ticks % TimeSpan.TicksPerSecond));
                // Its first occurrence counted from the start of that day: where the series places the skipped time on
                // every day that skips it, the first moment after the gap.
                postAt = repeat.Next(null, zone, WallClock(written.Date, zone), inclusive: true, seriesClock) ?? postAt;
            }

            return new PostSchedule(postAt, repeat, until, notAfter, zone, seriesClock);
        }

        /// <summary>What the schedule says at <paramref name="now"/>: for a series, its latest occurrence up to now (never a backlog).</summary>
        public ScheduleState At(DateTimeOffset now)
        {
            if (Repeat == null)
            {
                return new ScheduleState(!PostAt.HasValue || PostAt.Value <= now, PostAt, null, null);
            }

            DateTimeOffset upTo = Until.HasValue && Until.Value < now ? Until.Value : now;
            if (Repeat.Latest(PostAt, Zone, upTo, _seriesClock) is DateTimeOffset latest)
            {
                return new ScheduleState(true, latest, latest, InSeries(Repeat.Next(PostAt, Zone, latest, inclusive: false, _seriesClock)));
            }

            DateTimeOffset? first = InSeries(Repeat.Next(PostAt, Zone, PostAt ?? now, inclusive: true, _seriesClock));
            return new ScheduleState(false, first, null, first);
        }

        /// <summary>Whether the input may be posted at <paramref name="now"/>.</summary>
        public bool IsDue(DateTimeOffset now) => At(now).IsDue;

        /// <summary>Why a due input is past its limits (NotAfter, or -MaximumLateness after its due time), or null when it is not.</summary>
        public string? Expired(ScheduleState state, DateTimeOffset now, TimeSpan? maximumLateness)
        {
            if (NotAfter.HasValue && now > NotAfter.Value)
            {
                return string.Format(CultureInfo.InvariantCulture, "its NotAfter {0:yyyy-MM-dd HH:mm zzz} has passed", NotAfter.Value);
            }

            if (maximumLateness.HasValue && state.DueAt.HasValue && now - state.DueAt.Value > maximumLateness.Value)
            {
                return string.Format(CultureInfo.InvariantCulture, "it was due at {0:yyyy-MM-dd HH:mm zzz}, {1} ago, more than -MaximumLateness {2}",
                    state.DueAt.Value, Span(now - state.DueAt.Value), Span(maximumLateness.Value));
            }

            return null;
        }

        /// <summary>The warning for a due time that has long passed, or null.</summary>
        public string? LateWarning(DateTimeOffset now, string description) => LateWarning(At(now).DueAt, now, description);

        /// <summary>The warning for a due time that has long passed, or null.</summary>
        public static string? LateWarning(DateTimeOffset? dueAt, DateTimeOffset now, string description) =>
            dueAt.HasValue && now - dueAt.Value > LateAfter
                ? string.Format(CultureInfo.InvariantCulture, "{0} was due at {1:yyyy-MM-dd HH:mm zzz}, {2:0} hours ago: its status is posted late. "
                    + "Remove the row or give it a new PostAt if that is not what you want; -MaximumLateness or a NotAfter column skips late rows.",
                    description, dueAt.Value, (now - dueAt.Value).TotalHours)
                : null;

        /// <summary>Reads one date-and-time value; null for none.</summary>
        private static DateTimeOffset? ReadTime(object? value, string column, TimeZoneInfo zone, bool wholeDay)
        {
            if (YearOf(value) is int year && !IsInRange(year))
            {
                throw OutOfRange(value!, column);
            }

            switch (value)
            {
                case null:
                    return null;
                case DateTimeOffset at:
                    return at;
                case DateTime at when at.Kind == DateTimeKind.Utc:
                    return new DateTimeOffset(at);
                case DateTime at when at.Kind == DateTimeKind.Local:
                    return new DateTimeOffset(at);
                case DateTime at:
                    // Unspecified is what [datetime]'...' gives: the wall clock of the row's zone, as the user meant it.
                    return WallClock(at, zone);
                case string text when string.IsNullOrWhiteSpace(text):
                    return null;
                case string text when DateTime.TryParseExact(text.Trim(), WallClockFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime wall):
                    return WallClock(wall, zone);
                case string text when DateTime.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day):
                    return wholeDay ? WallClock(day.AddDays(1), zone).AddTicks(-1) : WallClock(day, zone);
                case string text when DateTimeOffset.TryParseExact(text.Trim(), MomentFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at):
                    return at;
                case string text:
                    throw new ZApiException(ZApiErrorId.InvalidPostAt,
                        $"{column} '{text}' is not a date and time in a form that reads the same everywhere. Write it as {Example}. Nothing was posted for this input.");
                default:
                    throw new ZApiException(ZApiErrorId.InvalidPostAt,
                        $"{column} of type {value.GetType().Name} is not a date and time. Pass a DateTime or text such as {Example}. Nothing was posted for this input.");
            }
        }

        /// <summary>A value written as a wall-clock time without an offset (text, or an Unspecified DateTime), as written; null for a moment.</summary>
        private static DateTime? WrittenWallClock(object? value) =>
            value switch
            {
                DateTime at when at.Kind == DateTimeKind.Unspecified => at,
                string text when DateTime.TryParseExact(text.Trim(), WallClockFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime wall) => wall,
                string text when DateTime.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day) => day,
                _ => null,
            };

        /// <summary>The year a value is written in, as its wall clock says; null when it has none.</summary>
        private static int? YearOf(object? value) =>
            value switch
            {
                DateTimeOffset at => at.Year,
                DateTime at => at.Year,
                string text when int.TryParse(text.Trim().Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int year) => year,
                _ => null,
            };

        /// <summary>
        /// The first and last years are refused whatever the time zone: near the ends of the calendar a local time has
        /// no UTC equivalent in some zones, and the same value must mean the same everywhere.
        /// </summary>
        private static bool IsInRange(int year) => year > DateTime.MinValue.Year && year < DateTime.MaxValue.Year;

        private static ZApiException OutOfRange(object value, string column) =>
            new ZApiException(ZApiErrorId.InvalidPostAt, string.Format(CultureInfo.InvariantCulture,
                "{0} '{1}' is out of range: give a date after the year {2} and before the year {3}. Nothing was posted for this input.",
                column,
                value is DateTime at ? at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : value is DateTimeOffset moment ? moment.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : value,
                DateTime.MinValue.Year, DateTime.MaxValue.Year));

        /// <summary>A wall-clock time in a zone as a moment; a time that does not exist there moves forward by the gap.</summary>
        private static DateTimeOffset WallClock(DateTime wall, TimeZoneInfo zone)
        {
            DateTime unspecified = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
            {
                TimeSpan before = zone.GetUtcOffset(unspecified.AddHours(-3));
                return new DateTimeOffset(unspecified, before).ToOffset(zone.GetUtcOffset(new DateTimeOffset(unspecified, before)));
            }

            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        }

        private static TimeZoneInfo ZoneOf(object? value)
        {
            switch (value)
            {
                case null:
                    return TimeZoneInfo.Local;
                case TimeZoneInfo zone:
                    return zone;
                case string name when string.IsNullOrWhiteSpace(name):
                    return TimeZoneInfo.Local;
                case string name when TZConvert.TryGetTimeZoneInfo(name.Trim(), out TimeZoneInfo? found):
                    return found!;
                default:
                    throw new ZApiException(ZApiErrorId.InvalidTimeZone,
                        $"TimeZone '{value}' is not a time zone this machine knows. Write an IANA name such as America/Sao_Paulo or Europe/Berlin, "
                        + "or a Windows id such as 'E. South America Standard Time' (Get-TimeZone -ListAvailable lists them). Nothing was posted for this input.");
            }
        }

        private static string? RepeatText(object? value) =>
            value == null || value is string
                ? (string?)value
                : throw RepeatError($"Repeat of type {value.GetType().Name} is not text. Write one of {RepeatRule.Forms}.");

        private static ZApiException RepeatError(string message) =>
            new ZApiException(ZApiErrorId.InvalidRepeat, message + " Nothing was posted for this input.");

        private DateTimeOffset? InSeries(DateTimeOffset? occurrence) =>
            occurrence.HasValue && Until.HasValue && occurrence.Value > Until.Value ? null : occurrence;

        private static string Span(TimeSpan span) =>
            span.TotalHours >= 1
                ? span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h"
                : span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";
    }
}
