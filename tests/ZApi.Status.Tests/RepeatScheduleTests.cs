using System.Globalization;
using ZApi.Status.Batch;

namespace ZApi.Status.Tests;

/// <summary>
/// Series in a calendar, read at chosen moments (a fake clock): every Repeat form, month ends, Until, wall-clock time
/// across daylight-saving changes in a northern zone (Europe/Berlin) and in two southern ones (Australia/Sydney, which
/// still changes its clocks, and America/Sao_Paulo in 2018-2019, when it did), lateness and NotAfter at their limits.
/// </summary>
public sealed class RepeatScheduleTests
{
    private const string Berlin = "Europe/Berlin";
    private const string Sydney = "Australia/Sydney";
    private const string SaoPaulo = "America/Sao_Paulo";

    private static PostSchedule Series(string postAt, string? repeat, string zone = Berlin, string? until = null, string? notAfter = null) =>
        PostSchedule.From(new CalendarColumns { PostAt = postAt, Repeat = repeat, Until = until, NotAfter = notAfter, TimeZone = zone });

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string Shown(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) ?? "none";

    [Fact]
    public void Daily_is_due_at_its_latest_occurrence_and_names_the_next()
    {
        PostSchedule daily = Series("2026-05-04 09:00", "daily");

        ScheduleState before = daily.At(At("2026-05-10T08:59:59+02:00"));
        ScheduleState onTime = daily.At(At("2026-05-10T09:00:00+02:00"));

        Assert.True(before.IsDue);
        Assert.Equal("2026-05-09 09:00 +02:00", Shown(before.Occurrence));
        Assert.Equal("2026-05-10 09:00 +02:00", Shown(onTime.Occurrence));
        Assert.Equal(onTime.Occurrence, onTime.DueAt);
        Assert.Equal("2026-05-11 09:00 +02:00", Shown(onTime.Next));
    }

    [Fact]
    public void Before_its_PostAt_a_series_is_not_due_and_says_when_it_starts()
    {
        ScheduleState state = Series("2026-05-04 09:00", "daily").At(At("2026-05-04T08:00:00+02:00"));

        Assert.False(state.IsDue);
        Assert.Null(state.Occurrence);
        Assert.Equal("2026-05-04 09:00 +02:00", Shown(state.DueAt));
    }

    [Fact]
    public void A_missed_week_yields_only_the_latest_occurrence_never_a_backlog()
    {
        ScheduleState state = Series("2026-05-01 09:00", "daily").At(At("2026-05-08T12:00:00+02:00"));

        Assert.Equal("2026-05-08 09:00 +02:00", Shown(state.Occurrence));
    }

    [Fact]
    public void Weekly_keeps_the_weekday_of_PostAt()
    {
        // 2026-05-04 is a Monday.
        PostSchedule weekly = Series("2026-05-04 09:00", "weekly");

        Assert.Equal("2026-05-11 09:00 +02:00", Shown(weekly.At(At("2026-05-17T20:00:00+02:00")).Occurrence));
        Assert.Equal("2026-05-18 09:00 +02:00", Shown(weekly.At(At("2026-05-18T09:00:00+02:00")).Occurrence));
    }

    [Fact]
    public void Weekly_on_named_days_starts_at_the_first_of_them_on_or_after_PostAt()
    {
        // PostAt is a Wednesday: the series is Mondays and Thursdays from then on.
        PostSchedule twiceAWeek = Series("2026-05-06 09:00", "weekly:Mon,thursday");

        ScheduleState first = twiceAWeek.At(At("2026-05-06T10:00:00+02:00"));
        Assert.False(first.IsDue);
        Assert.Equal("2026-05-07 09:00 +02:00", Shown(first.DueAt));
        Assert.Equal("2026-05-11 09:00 +02:00", Shown(twiceAWeek.At(At("2026-05-13T12:00:00+02:00")).Occurrence));
        Assert.Equal("2026-05-14 09:00 +02:00", Shown(twiceAWeek.At(At("2026-05-14T12:00:00+02:00")).Occurrence));
    }

    [Fact]
    public void Monthly_on_the_31st_skips_the_months_without_one()
    {
        PostSchedule monthly = Series("2026-01-31 09:00", "monthly");

        Assert.Equal("2026-01-31 09:00 +01:00", Shown(monthly.At(At("2026-03-15T12:00:00+01:00")).Occurrence));
        Assert.Equal("2026-03-31 09:00 +02:00", Shown(monthly.At(At("2026-04-30T12:00:00+02:00")).Occurrence));
        Assert.Equal("2026-05-31 09:00 +02:00", Shown(monthly.At(At("2026-04-01T00:00:00+02:00")).Next));
    }

    [Fact]
    public void Every_N_hours_counts_elapsed_hours_from_PostAt_even_across_a_clock_change()
    {
        PostSchedule every6h = Series("2026-03-28 21:00", "every:6h");

        // Berlin skips 02:00-03:00 on 2026-03-29: six hours after 21:00 CET is 04:00 CEST.
        Assert.Equal("2026-03-29 04:00 +02:00", Shown(every6h.At(At("2026-03-29T05:00:00+02:00")).Occurrence));
        Assert.Equal("2026-03-29 10:00 +02:00", Shown(every6h.At(At("2026-03-29T05:00:00+02:00")).Next));
    }

    [Fact]
    public void Cron_says_what_the_short_forms_cannot_and_needs_no_PostAt()
    {
        PostSchedule weekdays = PostSchedule.From(new CalendarColumns { Repeat = "cron:0 9 * * 1-5", TimeZone = Berlin });

        // Saturday noon: the latest is Friday 09:00; the next is Monday 09:00.
        ScheduleState saturday = weekdays.At(At("2026-05-09T12:00:00+02:00"));
        Assert.Equal("2026-05-08 09:00 +02:00", Shown(saturday.Occurrence));
        Assert.Equal("2026-05-11 09:00 +02:00", Shown(saturday.Next));
    }

    [Fact]
    public void Until_ends_the_series_and_a_date_alone_takes_in_that_whole_day()
    {
        PostSchedule series = Series("2026-05-04 09:00", "daily", until: "2026-05-06");

        ScheduleState after = series.At(At("2026-05-20T12:00:00+02:00"));
        Assert.Equal("2026-05-06 09:00 +02:00", Shown(after.Occurrence));
        Assert.Null(after.Next);
        Assert.Null(series.At(At("2026-05-06T10:00:00+02:00")).Next);
        Assert.Equal("2026-05-06 09:00 +02:00", Shown(series.At(At("2026-05-05T10:00:00+02:00")).Next));
    }

    [Fact]
    public void Nine_daily_stays_nine_on_the_wall_clock_across_the_spring_change()
    {
        PostSchedule daily = Series("2026-03-27 09:00", "daily");

        Assert.Equal("2026-03-28 09:00 +01:00", Shown(daily.At(At("2026-03-28T12:00:00+01:00")).Occurrence));
        Assert.Equal("2026-03-29 09:00 +02:00", Shown(daily.At(At("2026-03-29T12:00:00+02:00")).Occurrence));
    }

    [Theory]
    // Berlin, spring: 02:00 CET becomes 03:00 CEST on 2026-03-29.
    [InlineData(Berlin, "2026-03-25 02:30", "2026-03-29T04:00:00+02:00", "2026-03-29 03:00 +02:00")]
    // Sydney, spring: 02:00 AEST becomes 03:00 AEDT on 2026-10-04.
    [InlineData(Sydney, "2026-10-01 02:30", "2026-10-04T04:00:00+11:00", "2026-10-04 03:00 +11:00")]
    // Sao Paulo, spring 2018: 00:00 became 01:00 on 2018-11-04.
    [InlineData(SaoPaulo, "2018-11-01 00:30", "2018-11-04T02:00:00-02:00", "2018-11-04 01:00 -02:00")]
    public void A_time_that_does_not_exist_that_day_moves_forward_to_the_first_that_does(string zone, string postAt, string now, string expected)
    {
        ScheduleState state = Series(postAt, "daily", zone).At(At(now));

        Assert.Equal(expected, Shown(state.Occurrence));
    }

    [Theory]
    // Berlin, spring: 02:30 on 2026-03-29 does not exist, so the first occurrence is 03:00; the series is still 02:30.
    [InlineData(Berlin, "2026-03-29 02:30", "daily", "2026-04-01T12:00:00+02:00", "2026-04-01 02:30 +02:00")]
    [InlineData(Berlin, "2026-03-29 02:30", "weekly", "2026-04-05T12:00:00+02:00", "2026-04-05 02:30 +02:00")]
    [InlineData(Berlin, "2026-03-29 02:30", "monthly", "2026-04-29T12:00:00+02:00", "2026-04-29 02:30 +02:00")]
    // Sydney, spring: 02:30 on 2026-10-04 does not exist.
    [InlineData(Sydney, "2026-10-04 02:30", "daily", "2026-10-06T12:00:00+11:00", "2026-10-06 02:30 +11:00")]
    // Sao Paulo, spring 2018: midnight of 2018-11-04 did not exist, so neither did that day's 00:30, nor the day's start.
    [InlineData(SaoPaulo, "2018-11-04 00:30", "daily", "2018-11-06T12:00:00-02:00", "2018-11-06 00:30 -02:00")]
    [InlineData(SaoPaulo, "2018-11-04", "daily", "2018-11-06T12:00:00-02:00", "2018-11-06 00:00 -02:00")]
    [InlineData(SaoPaulo, "2018-11-04", "daily", "2018-11-04T12:00:00-02:00", "2018-11-04 01:00 -02:00")]
    public void A_series_that_starts_in_a_spring_gap_keeps_the_wall_clock_time_it_was_written_with(string zone, string postAt, string repeat, string now, string expected)
    {
        PostSchedule series = Series(postAt, repeat, zone);

        Assert.Equal(expected, Shown(series.At(At(now)).Occurrence));
    }

    [Fact]
    public void A_series_that_starts_in_a_spring_gap_has_its_first_occurrence_where_later_skipped_days_have_theirs()
    {
        PostSchedule daily = Series("2026-03-29 02:30", "daily");

        ScheduleState before = daily.At(At("2026-03-29T01:59:00+01:00"));
        ScheduleState first = daily.At(At("2026-03-29T03:10:00+02:00"));

        Assert.Equal((false, "2026-03-29 03:00 +02:00"), (before.IsDue, Shown(before.DueAt)));
        Assert.Equal(("2026-03-29 03:00 +02:00", "2026-03-30 02:30 +02:00"), (Shown(first.Occurrence), Shown(first.Next)));
    }

    [Theory]
    // Berlin, autumn: 03:00 CEST becomes 02:00 CET on 2026-10-25, so 02:30 happens twice.
    [InlineData(Berlin, "2026-10-20 02:30", "2026-10-25T02:30:00+01:00", "2026-10-25 02:30 +02:00", "2026-10-26 02:30 +01:00")]
    // Sydney, autumn: 03:00 AEDT becomes 02:00 AEST on 2026-04-05.
    [InlineData(Sydney, "2026-04-01 02:30", "2026-04-05T02:30:00+10:00", "2026-04-05 02:30 +11:00", "2026-04-06 02:30 +10:00")]
    // Sao Paulo, 2019: 00:00 became 23:00 of the day before on 2019-02-17, so 23:30 of 2019-02-16 happened twice.
    [InlineData(SaoPaulo, "2019-02-10 23:30", "2019-02-16T23:30:00-03:00", "2019-02-16 23:30 -02:00", "2019-02-17 23:30 -03:00")]
    public void A_time_that_happens_twice_is_one_occurrence(string zone, string postAt, string secondTime, string first, string next)
    {
        PostSchedule daily = Series(postAt, "daily", zone);

        ScheduleState atTheSecond = daily.At(At(secondTime));

        Assert.Equal(first, Shown(atTheSecond.Occurrence));
        Assert.Equal(next, Shown(atTheSecond.Next));
    }

    [Fact]
    public void A_time_without_an_offset_is_read_in_the_rows_time_zone()
    {
        Assert.Equal(At("2026-05-03T09:00:00-03:00"), PostSchedule.From(new CalendarColumns { PostAt = "2026-05-03 09:00", TimeZone = SaoPaulo }).PostAt);
        Assert.Equal(At("2026-05-03T09:00:00+02:00"), PostSchedule.From(new CalendarColumns { PostAt = "2026-05-03 09:00", TimeZone = Berlin }).PostAt);
        Assert.Equal(At("2026-05-03T09:00:00+09:00"), PostSchedule.From(new CalendarColumns { PostAt = "2026-05-03T09:00+09:00", TimeZone = Berlin }).PostAt);
    }

    [Fact]
    public void A_series_keeps_its_zones_wall_clock_whatever_offset_PostAt_was_written_with()
    {
        // 12:00 UTC is 09:00 in Sao Paulo: the series posts at 09:00 there.
        PostSchedule daily = Series("2026-05-04T12:00Z", "daily", SaoPaulo);

        Assert.Equal("2026-05-10 09:00 -03:00", Shown(daily.At(At("2026-05-10T10:00:00-03:00")).Occurrence?.ToOffset(TimeSpan.FromHours(-3))));
    }

    [Fact]
    public void Lateness_is_counted_from_the_due_time_and_the_limit_itself_still_posts()
    {
        PostSchedule daily = Series("2026-05-04 09:00", "daily");
        DateTimeOffset due = At("2026-05-10T09:00:00+02:00");
        TimeSpan limit = TimeSpan.FromHours(2);

        Assert.Null(daily.Expired(daily.At(due + limit), due + limit, limit));
        string? expired = daily.Expired(daily.At(due + limit + TimeSpan.FromSeconds(1)), due + limit + TimeSpan.FromSeconds(1), limit);
        Assert.NotNull(expired);
        Assert.Contains("2026-05-10 09:00 +02:00", expired);
        Assert.Contains("-MaximumLateness 2 h", expired);
        Assert.Null(daily.Expired(daily.At(due + TimeSpan.FromHours(5)), due + TimeSpan.FromHours(5), null));
    }

    [Fact]
    public void NotAfter_is_the_last_moment_a_row_may_be_posted()
    {
        PostSchedule once = Series("2026-05-10 09:00", null, notAfter: "2026-05-10 11:00");
        DateTimeOffset limit = At("2026-05-10T11:00:00+02:00");

        Assert.Null(once.Expired(once.At(limit), limit, null));
        Assert.Contains("NotAfter 2026-05-10 11:00 +02:00 has passed", once.Expired(once.At(limit.AddTicks(1)), limit.AddTicks(1), null));
        PostSchedule wholeDay = Series("2026-05-10 09:00", null, notAfter: "2026-05-10");
        Assert.Null(wholeDay.Expired(wholeDay.At(At("2026-05-10T23:59:00+02:00")), At("2026-05-10T23:59:00+02:00"), null));
        Assert.NotNull(wholeDay.Expired(wholeDay.At(At("2026-05-11T00:00:00+02:00")), At("2026-05-11T00:00:00+02:00"), null));
    }

    [Theory]
    [InlineData("hourly")]
    [InlineData("daily:9")]
    [InlineData("weekly:")]
    [InlineData("weekly:Mon,Funday")]
    [InlineData("every:0h")]
    [InlineData("every:6")]
    [InlineData("every:1.5h")]
    [InlineData("cron:61 * * * *")]
    [InlineData("cron:")]
    public void An_unknown_Repeat_is_InvalidRepeat_naming_the_value_and_the_forms_that_work(string repeat)
    {
        var ex = Assert.Throws<ZApiException>(() => Series("2026-05-04 09:00", repeat));

        Assert.Equal(ZApiErrorId.InvalidRepeat, ex.ErrorId);
        Assert.Contains("'" + repeat + "'", ex.Message);
        Assert.Contains("weekly:Mon,Thu", ex.Message);
    }

    [Fact]
    public void A_series_needs_a_start_an_Until_needs_a_series_and_may_not_come_before_it()
    {
        Assert.Contains("needs a PostAt", Assert.Throws<ZApiException>(() => PostSchedule.From(new CalendarColumns { Repeat = "daily" })).Message);
        Assert.Equal(ZApiErrorId.InvalidRepeat, Assert.Throws<ZApiException>(() => Series("2026-05-04 09:00", null, until: "2026-06-01")).ErrorId);
        Assert.Contains("before PostAt", Assert.Throws<ZApiException>(() => Series("2026-05-04 09:00", "daily", until: "2026-05-01")).Message);
    }

    [Fact]
    public void An_unknown_time_zone_is_InvalidTimeZone_and_a_Windows_id_works_too()
    {
        var ex = Assert.Throws<ZApiException>(() => Series("2026-05-04 09:00", "daily", "Mars/Olympus_Mons"));
        Assert.Equal(ZApiErrorId.InvalidTimeZone, ex.ErrorId);
        Assert.Contains("'Mars/Olympus_Mons'", ex.Message);

        Assert.Equal(At("2026-05-03T09:00:00-03:00"), PostSchedule.From(new CalendarColumns { PostAt = "2026-05-03 09:00", TimeZone = "E. South America Standard Time" }).PostAt);
    }

    [Fact]
    public void Other_dates_are_read_like_PostAt_and_named_in_the_error()
    {
        var ex = Assert.Throws<ZApiException>(() => Series("2026-05-04 09:00", "daily", until: "30/06/2026"));

        Assert.Equal(ZApiErrorId.InvalidPostAt, ex.ErrorId);
        Assert.StartsWith("Until '30/06/2026'", ex.Message);
    }
}
