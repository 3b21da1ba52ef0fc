using ZApi.Sandbox;
using ZApi.Status.Batch;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;
using ZApi.Status.Posting;

namespace ZApi.Status.Tests;

/// <summary>
/// A calendar through a whole StatusBatch, with a fake clock, a recording host and a real sandbox: series posted once
/// per occurrence across runs, rows refused for this input alone, Expired rows that send nothing and write nothing,
/// dry runs that read another moment and spend the budget as the real run would.
/// </summary>
public sealed class CalendarBatchTests : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10 = new(2026, 5, 4, 10, 0, 0, TimeSpan.FromHours(2));

    private readonly SandboxServer _sandbox;
    private readonly string _folder = Directory.CreateTempSubdirectory("zapi-calendar-").FullName;

    public CalendarBatchTests(SandboxServer sandbox) => _sandbox = sandbox;

    public Task InitializeAsync() => _sandbox.ResetAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private string HistoryPath => Path.Combine(_folder, "history.jsonl");

    private static BatchOptions Options(DateTimeOffset now, bool preview = false, int? maximumPostCount = null, TimeSpan? maximumLateness = null, bool asOf = false) => new()
    {
        Retry = new RetryPolicy(0, TimeSpan.FromMilliseconds(10)),
        Now = () => now,
        Preview = preview,
        MaximumPostCount = maximumPostCount,
        MaximumLateness = maximumLateness,
        AsOfGiven = asOf,
    };

    private static CalendarColumns Daily(string postAt = "2026-05-01 09:00") => new() { PostAt = postAt, Repeat = "daily", TimeZone = "Europe/Berlin" };

    /// <summary>One pipeline over some text rows, each with its calendar values.</summary>
    private RecordingHost Run(BatchOptions options, bool withHistory, params (string Message, CalendarColumns Calendar)[] rows) =>
        Run(options, withHistory, new RecordingHost(), rows);

    private RecordingHost Run(BatchOptions options, bool withHistory, RecordingHost host, params (string Message, CalendarColumns Calendar)[] rows)
    {
        using (var batch = new StatusBatch(options, host))
        {
            batch.Begin(_sandbox.Connection(), null, withHistory ? HistoryLocation.File(HistoryPath) : null);
            foreach ((string message, CalendarColumns calendar) in rows)
            {
                batch.Post(message, () => TextStatusPost.From(message), calendar);
            }

            batch.End();
        }

        return host;
    }

    private IReadOnlyList<StatusHistoryEntry> History() =>
        File.Exists(HistoryPath) ? FileHistoryStore.ReadEntries(HistoryPath, _ => { }) : Array.Empty<StatusHistoryEntry>();

    private async Task<string[]> PostedMessagesAsync() => (await _sandbox.StatusesAsync()).Select(s => s.Message!).ToArray();

    [Fact]
    public async Task A_daily_row_posts_each_occurrence_once_across_runs()
    {
        var row = ("Good morning", Daily());

        StatusResult first = Run(Options(Monday10), true, row).Results.Single();
        StatusResult again = Run(Options(Monday10.AddMinutes(50)), true, row).Results.Single();
        StatusResult nextDay = Run(Options(Monday10.AddDays(1)), true, row).Results.Single();

        Assert.Equal((StatusOutcome.Posted, Monday10.AddHours(-1)), (first.Outcome, first.DueAt));
        Assert.Equal((StatusOutcome.AlreadyPosted, first.MessageId, first.DueAt), (again.Outcome, again.MessageId, again.DueAt));
        Assert.Equal((StatusOutcome.Posted, Monday10.AddDays(1).AddHours(-1)), (nextDay.Outcome, nextDay.DueAt));
        Assert.Equal(new[] { "Good morning", "Good morning" }, await PostedMessagesAsync());
        Assert.Equal(new[] { Monday10.AddHours(-1), Monday10.AddDays(1).AddHours(-1) }, History().Select(e => e.Occurrence!.Value));
        Assert.Equal(2, History().Select(e => e.Key).Distinct().Count());
    }

    [Fact]
    public async Task A_week_without_runs_posts_only_the_latest_occurrence()
    {
        RecordingHost host = Run(Options(Monday10.AddDays(7)), true, ("Good morning", Daily()));

        Assert.Equal(Monday10.AddDays(7).AddHours(-1), host.Results.Single().DueAt);
        Assert.Single(await PostedMessagesAsync());
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task A_single_post_keeps_the_key_older_histories_wrote_so_their_lines_still_match()
    {
        // A line as the module wrote it before series existed; the key is SHA-256 of "test-instance\ntext\n<sha of message>\n".
        File.WriteAllText(HistoryPath,
            "{\"v\":1,\"key\":\"0c5661dd83ebcfbbae5e2850f898c28dca6ae9e0e2db6ba44f248cf1d0046b75\",\"state\":\"Posted\",\"at\":\"2026-05-01T09:00:02.0000000+00:00\","
            + "\"instance\":\"test-instance\",\"kind\":\"text\",\"sha256\":\"5240019c18082120601c90cc5eff384f0fd1b6521fa50728fdc3309d1378cf85\","
            + "\"source\":\"Text (15 characters)\",\"zaapId\":\"z-old\",\"messageId\":\"m-old\",\"process\":\"1@old\",\"processStarted\":\"2026-05-01T09:00:00.0000000+00:00\"}\n");

        StatusResult result = Run(Options(Monday10), true, ("Open today 9-18", new CalendarColumns())).Results.Single();

        Assert.Equal((StatusOutcome.AlreadyPosted, "m-old"), (result.Outcome, result.MessageId));
        Assert.Empty(await _sandbox.RequestsAsync());
    }

    [Fact]
    public async Task A_repeating_row_without_a_history_is_RepeatNeedsHistory_and_the_batch_goes_on()
    {
        RecordingHost host = Run(Options(Monday10), false, ("Good morning", Daily()), ("Once", new CalendarColumns()));

        var error = host.Errors.Single();
        Assert.Equal((ZApiErrorId.RepeatNeedsHistory, (object?)"Good morning"), (error.Id, error.Target));
        Assert.Contains("-HistoryPath", error.Message);
        Assert.Equal(new[] { "Once" }, await PostedMessagesAsync());
    }

    [Fact]
    public async Task An_unknown_Repeat_is_InvalidRepeat_for_that_row_only()
    {
        RecordingHost host = Run(Options(Monday10), true,
            ("Hourly", new CalendarColumns { PostAt = "2026-05-01 09:00", Repeat = "hourly" }), ("Good morning", Daily()));

        var error = host.Errors.Single();
        Assert.Equal((ZApiErrorId.InvalidRepeat, (object?)"Hourly"), (error.Id, error.Target));
        Assert.Equal(new[] { "Good morning" }, await PostedMessagesAsync());
        Assert.Equal(1, host.Summaries.Single().Errors["InvalidRepeat"]);
    }

    [Fact]
    public async Task Expired_rows_send_nothing_and_leave_the_history_as_it_was()
    {
        RecordingHost host = Run(Options(Monday10, maximumLateness: TimeSpan.FromMinutes(30)), true,
            ("Good morning", Daily()),
            ("Sale ends", new CalendarColumns { PostAt = "2026-05-04 09:50", NotAfter = "2026-05-04 09:55", TimeZone = "Europe/Berlin" }));

        Assert.Equal(new[] { StatusOutcome.Expired, StatusOutcome.Expired }, host.Results.Select(r => r.Outcome));
        Assert.Equal(new[] { Monday10.AddHours(-1), Monday10.AddMinutes(-10) }, host.Results.Select(r => r.DueAt!.Value));
        Assert.All(host.Results, r => Assert.Null(r.MessageId));
        Assert.Empty(await _sandbox.RequestsAsync());
        Assert.Empty(History());
        Assert.Equal(2, host.Summaries.Single().Outcomes["Expired"]);
        Assert.Contains(host.Verbose, line => line.StartsWith("Expired, it was due at 2026-05-04 09:00 +02:00", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("NotAfter")]
    [InlineData("MaximumLateness")]
    public async Task A_row_whose_limit_passes_while_it_waits_for_its_turn_is_Expired_and_not_sent(string limit)
    {
        // -IntervalSec spaces the posts; a row that was in time when it was read may not be when its turn comes.
        DateTimeOffset now = Monday10;
        BatchOptions options = Options(Monday10, maximumLateness: limit == "MaximumLateness" ? TimeSpan.FromMinutes(30) : null);
        options.Now = () => now;
        // Longer than the first post can take, cold and on a loaded machine: the second row must wait, and the clock
        // moves on while it does. At 300 ms a slow first post used the interval up and the row went out at once.
        options.Interval = TimeSpan.FromSeconds(3);
        var host = new RecordingHost { OnVerbose = line => { if (line.StartsWith("Waited", StringComparison.Ordinal)) { now = Monday10.AddHours(1); } } };
        var saleEnds = new CalendarColumns { PostAt = "2026-05-04 09:55", TimeZone = "Europe/Berlin", NotAfter = limit == "NotAfter" ? "2026-05-04 10:30" : null };

        Run(options, true, host, ("First", new CalendarColumns()), ("Sale ends", saleEnds));

        Assert.Equal(new[] { StatusOutcome.Posted, StatusOutcome.Expired }, host.Results.Select(r => r.Outcome));
        Assert.Equal(new[] { "First" }, await PostedMessagesAsync());
        Assert.Single(History());
    }

    [Fact]
    public async Task A_row_within_its_lateness_posts_without_a_late_warning()
    {
        RecordingHost host = Run(Options(Monday10.AddDays(2), maximumLateness: TimeSpan.FromDays(3)), true,
            ("Late but wanted", new CalendarColumns { PostAt = "2026-05-04 09:00", TimeZone = "Europe/Berlin" }));

        Assert.Equal(StatusOutcome.Posted, host.Results.Single().Outcome);
        Assert.Empty(host.Warnings);
        Assert.Single(await PostedMessagesAsync());
    }

    [Fact]
    public async Task A_NotDue_result_says_when_it_is_due()
    {
        StatusResult result = Run(Options(Monday10), true, ("Tomorrow", new CalendarColumns { PostAt = "2026-05-05 09:00", TimeZone = "Europe/Berlin" })).Results.Single();

        Assert.Equal((StatusOutcome.NotDue, (DateTimeOffset?)Monday10.AddDays(1).AddHours(-1)), (result.Outcome, result.DueAt));
        Assert.Empty(await _sandbox.RequestsAsync());
    }

    [Fact]
    public async Task AsOf_without_a_dry_run_stops_before_anything_is_sent()
    {
        var host = new RecordingHost();
        using var batch = new StatusBatch(Options(Monday10.AddDays(1), asOf: true), host);

        var stop = Assert.Throws<RecordingHost.Terminated>(() => batch.Begin(_sandbox.Connection(), null, HistoryLocation.File(HistoryPath)));

        Assert.Equal(ZApiErrorId.AsOfNeedsWhatIf, stop.Error.ErrorId);
        Assert.Contains("-WhatIf", stop.Error.Message);
        Assert.Empty(await _sandbox.RequestsAsync());
        Assert.False(File.Exists(HistoryPath));
    }

    [Fact]
    public async Task A_dry_run_as_of_tomorrow_previews_the_next_occurrence_and_sends_nothing()
    {
        Run(Options(Monday10), true, ("Good morning", Daily()));
        var tomorrow = Options(Monday10.AddDays(1), preview: true, asOf: true);

        RecordingHost host = Run(tomorrow, true, new RecordingHost { Confirm = _ => false },
            ("Good morning", Daily()), ("Later", new CalendarColumns { PostAt = "2026-05-06 09:00", TimeZone = "Europe/Berlin" }));

        Assert.Equal(new[] { "Good morning (12 characters)" }, host.Confirmed);
        Assert.Equal(StatusOutcome.NotDue, host.Results.Single().Outcome);
        Assert.Contains(host.Verbose, line => line.StartsWith("Occurrence of 2026-05-05 09:00 +02:00 (daily); the next is at 2026-05-06 09:00 +02:00", StringComparison.Ordinal));
        Assert.Single(await PostedMessagesAsync());
        Assert.Single(History());
    }

    [Fact]
    public async Task A_dry_run_with_a_budget_defers_what_the_real_run_would_defer()
    {
        var rows = new[] { ("a", new CalendarColumns()), ("b", new CalendarColumns()), ("c", new CalendarColumns()) };

        RecordingHost declined = Run(Options(Monday10, preview: true, maximumPostCount: 2), true, new RecordingHost { Confirm = _ => false }, rows);
        Assert.Empty(await _sandbox.RequestsAsync());

        RecordingHost real = Run(Options(Monday10, maximumPostCount: 2), true, rows);

        Assert.Equal(new[] { "a (1 characters)", "b (1 characters)" }, declined.Confirmed);
        Assert.Equal(new[] { ("c", StatusOutcome.Deferred) }, declined.Results.Select(r => (((TextStatusResult)r).Message, r.Outcome)));
        Assert.Equal(new[] { StatusOutcome.Posted, StatusOutcome.Posted, StatusOutcome.Deferred }, real.Results.Select(r => r.Outcome));
        Assert.Equal(new[] { "a", "b" }, await PostedMessagesAsync());
    }
}
