using System;
using System.Globalization;

namespace ZApi.Status.Batch
{
    /// <summary>
    /// When an input may be posted, from its PostAt value (a CSV column, or -PostAt): a date and time written the one
    /// way that reads the same in every culture, with an offset or as local time. Day/month orders such as
    /// 03/05/2026 are refused rather than guessed, because a guess posts a status on the wrong day.
    /// </summary>
    internal sealed class PostSchedule
    {
        /// <summary>A PostAt this far in the past still posts, with a warning that the status comes late.</summary>
        public static readonly TimeSpan LateAfter = TimeSpan.FromHours(24);

        private const string Example = "'2026-05-03 09:00' (local time) or '2026-05-03T09:00-03:00'";

        private static readonly string[] Formats =
        {
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd'T'HH:mm:ssK",
            "yyyy-MM-dd'T'HH:mmK",
            "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd HH:mm:ssK",
            "yyyy-MM-dd HH:mmK",
            "yyyy-MM-dd",
        };

        private PostSchedule(DateTimeOffset? postAt) => PostAt = postAt;

        /// <summary>When the input is due; null when it has no PostAt, so it is due now.</summary>
        public DateTimeOffset? PostAt { get; }

        /// <summary>Reads a PostAt value: null or blank (post now), a DateTime or DateTimeOffset, or text in one of the ISO 8601 forms.</summary>
        /// <exception cref="ZApiException">InvalidPostAt, naming the value and the forms that work.</exception>
        public static PostSchedule From(object? value)
        {
            switch (value)
            {
                case null:
                    return new PostSchedule(null);
                case DateTimeOffset at:
                    return InRange(at.DateTime, value, () => at);
                case DateTime at:
                    // Unspecified is what Get-Date and [datetime]'...' give: local time, as the user meant it.
                    return InRange(at, value, () => at.Kind == DateTimeKind.Utc ? new DateTimeOffset(at) : new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Local)));
                case string text when string.IsNullOrWhiteSpace(text):
                    return new PostSchedule(null);
                case string text when int.TryParse(text.Trim().Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int year)
                    && !IsInRange(year):
                    throw OutOfRange(text);
                case string text when DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeLocal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset at):
                    return new PostSchedule(at);
                case string text:
                    throw new ZApiException(ZApiErrorId.InvalidPostAt,
                        $"PostAt '{text}' is not a date and time in a form that reads the same everywhere. Write it as {Example}. Nothing was posted for this input.");
                default:
                    throw new ZApiException(ZApiErrorId.InvalidPostAt,
                        $"PostAt of type {value.GetType().Name} is not a date and time. Pass a DateTime or text such as {Example}. Nothing was posted for this input.");
            }
        }

        /// <summary>
        /// The first and last years are refused whatever the time zone: near the ends of the calendar a local time has
        /// no UTC equivalent in some zones, and the same value must mean the same everywhere.
        /// </summary>
        private static bool IsInRange(int year) => year > DateTime.MinValue.Year && year < DateTime.MaxValue.Year;

        private static PostSchedule InRange(DateTime wallClock, object value, Func<DateTimeOffset> postAt) =>
            IsInRange(wallClock.Year) ? new PostSchedule(postAt()) : throw OutOfRange(value);

        private static ZApiException OutOfRange(object value) =>
            new ZApiException(ZApiErrorId.InvalidPostAt, string.Format(CultureInfo.InvariantCulture,
                "PostAt '{0}' is out of range: give a date after the year {1} and before the year {2}. Nothing was posted for this input.",
                value is DateTime at ? at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : value is DateTimeOffset moment ? moment.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : value,
                DateTime.MinValue.Year, DateTime.MaxValue.Year));

        /// <summary>Whether the input may be posted at <paramref name="now"/>.</summary>
        public bool IsDue(DateTimeOffset now) => !PostAt.HasValue || PostAt.Value <= now;

        /// <summary>The warning for a PostAt that has long passed, or null.</summary>
        public string? LateWarning(DateTimeOffset now, string description) =>
            PostAt.HasValue && now - PostAt.Value > LateAfter
                ? string.Format(CultureInfo.InvariantCulture, "{0} was due at {1:yyyy-MM-dd HH:mm zzz}, {2:0} hours ago: its status is posted late. Remove the row or give it a new PostAt if that is not what you want.",
                    description, PostAt.Value, (now - PostAt.Value).TotalHours)
                : null;
    }
}
