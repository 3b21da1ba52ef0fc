using System.Globalization;
using ZApi.Status.Batch;

namespace ZApi.Status.Tests;

public sealed class PostScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 3, 12, 0, 0, TimeSpan.FromHours(-3));

    /// <summary>
    /// The ends of the calendar have no UTC equivalent in some time zones (year 9999 west of Greenwich, year 1 east of
    /// it), so they are refused everywhere rather than due in one zone and an overflow in another.
    /// </summary>
    [Theory]
    [InlineData("9999-12-31 23:59")]
    [InlineData("9999-12-31T23:59:59.9999999+14:00")]
    [InlineData("9999-01-01")]
    [InlineData("0001-01-01 00:00")]
    [InlineData("0001-01-01T00:00-12:00")]
    public void The_first_and_last_years_are_InvalidPostAt_in_every_time_zone(string text)
    {
        foreach (object value in new object[] { text, DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) })
        {
            ZApiException error = Assert.Throws<ZApiException>(() => PostSchedule.From(value is DateTime at && at.Kind == DateTimeKind.Local ? DateTime.SpecifyKind(at, DateTimeKind.Unspecified) : value));
            Assert.Equal(ZApiErrorId.InvalidPostAt, error.ErrorId);
            Assert.Contains("out of range", error.Message);
        }

        Assert.Equal(ZApiErrorId.InvalidPostAt, Assert.Throws<ZApiException>(() => PostSchedule.From(DateTime.MaxValue)).ErrorId);
        Assert.Equal(ZApiErrorId.InvalidPostAt, Assert.Throws<ZApiException>(() => PostSchedule.From(DateTimeOffset.MinValue)).ErrorId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_PostAt_is_due_now(string? value)
    {
        PostSchedule schedule = PostSchedule.From(value);
        Assert.Null(schedule.PostAt);
        Assert.True(schedule.IsDue(Now));
        Assert.Null(schedule.LateWarning(Now, "x"));
    }

    [Theory]
    [InlineData("2026-05-03T09:00-03:00", "2026-05-03T12:00:00Z")]
    [InlineData("2026-05-03T12:00Z", "2026-05-03T12:00:00Z")]
    [InlineData("2026-05-03 18:30:15+05:30", "2026-05-03T13:00:15Z")]
    [InlineData("2026-05-03T09:00:00.5-03:00", "2026-05-03T12:00:00.5Z")]
    [InlineData(" 2026-05-03T09:00-03:00 ", "2026-05-03T12:00:00Z")]
    public void A_time_with_an_offset_is_that_moment(string text, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), PostSchedule.From(text).PostAt);

    [Theory]
    [InlineData("2026-05-03 09:00", 9, 0)]
    [InlineData("2026-05-03T09:00:30", 9, 0)]
    [InlineData("2026-05-03", 0, 0)]
    public void A_time_without_an_offset_is_local_time(string text, int hour, int minute)
    {
        DateTimeOffset at = PostSchedule.From(text).PostAt!.Value;
        Assert.Equal(new DateTime(2026, 5, 3, hour, minute, at.Second), at.DateTime);
        Assert.Equal(TimeZoneInfo.Local.GetUtcOffset(at.DateTime), at.Offset);
    }

    [Fact]
    public void The_culture_does_not_matter()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            // A day-first culture with other separators, built by hand: the test machine may have no ICU cultures.
            var dayFirst = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            dayFirst.DateTimeFormat.ShortDatePattern = "dd/MM/yyyy";
            dayFirst.DateTimeFormat.DateSeparator = ".";
            dayFirst.DateTimeFormat.TimeSeparator = "h";
            CultureInfo.CurrentCulture = dayFirst;
            Assert.Equal(new DateTimeOffset(2026, 5, 3, 9, 0, 0, TimeSpan.FromHours(-3)), PostSchedule.From("2026-05-03T09:00-03:00").PostAt);
            Assert.Throws<ZApiException>(() => PostSchedule.From("03/05/2026 09:00"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("03/05/2026 09:00")]
    [InlineData("2026-13-01 09:00")]
    [InlineData("2026-05-03 25:00")]
    [InlineData("2026-05-03T09:00+25:00")]
    public void Malformed_text_is_InvalidPostAt_naming_the_value_and_a_form_that_works(string text)
    {
        var ex = Assert.Throws<ZApiException>(() => PostSchedule.From(text));
        Assert.Equal(ZApiErrorId.InvalidPostAt, ex.ErrorId);
        Assert.Contains("'" + text + "'", ex.Message);
        Assert.Contains("2026-05-03T09:00-03:00", ex.Message);
    }

    [Fact]
    public void Other_types_are_InvalidPostAt() =>
        Assert.Equal(ZApiErrorId.InvalidPostAt, Assert.Throws<ZApiException>(() => PostSchedule.From(42)).ErrorId);

    [Fact]
    public void A_DateTime_is_local_unless_it_says_UTC()
    {
        var local = new DateTime(2026, 5, 3, 9, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Local)), PostSchedule.From(local).PostAt);
        var utc = new DateTime(2026, 5, 3, 9, 0, 0, DateTimeKind.Utc);
        Assert.Equal(TimeSpan.Zero, PostSchedule.From(utc).PostAt!.Value.Offset);
        var at = new DateTimeOffset(2026, 5, 3, 9, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(at, PostSchedule.From(at).PostAt);
    }

    [Fact]
    public void Due_at_its_moment_and_after_not_before()
    {
        PostSchedule schedule = PostSchedule.From(Now);
        Assert.False(schedule.IsDue(Now.AddTicks(-1)));
        Assert.True(schedule.IsDue(Now));
        Assert.True(schedule.IsDue(Now.AddDays(1)));
    }

    [Fact]
    public void More_than_24_hours_late_warns_naming_the_input_and_its_time()
    {
        PostSchedule schedule = PostSchedule.From("2026-05-01T09:00-03:00");
        Assert.Null(schedule.LateWarning(new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.FromHours(-3)), "a.png"));
        string? warning = schedule.LateWarning(Now, "a.png");
        Assert.NotNull(warning);
        Assert.Contains("a.png", warning);
        Assert.Contains("2026-05-01 09:00 -03:00", warning);
        Assert.Contains("51 hours ago", warning);
    }
}
