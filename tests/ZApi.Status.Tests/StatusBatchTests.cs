using ZApi.Sandbox;
using ZApi.Status.Batch;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;
using ZApi.Status.Posting;
using ZApi.Status.Tables;

namespace ZApi.Status.Tests;

/// <summary>
/// One input's whole fate without PowerShell: a StatusBatch with a recording host against a real sandbox. Every row of
/// the README's "What a later run does" table, and every way a run can stop mid-input, with what reaches the server,
/// what the history records and what the user is told.
/// </summary>
public sealed class StatusBatchTests : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly SandboxServer _sandbox;
    private readonly string _folder = Directory.CreateTempSubdirectory("zapi-batch-").FullName;

    public StatusBatchTests(SandboxServer sandbox) => _sandbox = sandbox;

    public Task InitializeAsync() => _sandbox.ResetAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private string HistoryPath => Path.Combine(_folder, "history.jsonl");

    /// <summary>Both stores, so both prove the same verdict table: a file, and a table in Azurite (skipped without it).</summary>
    public static TheoryData<string> Stores => new() { "file", "table" };

    private HistoryLocation _location = null!;
    private TableClient? _table;

    /// <summary>The history of this test: a fresh file, or a fresh table.</summary>
    private async Task UseAsync(string store)
    {
        if (store == "file")
        {
            _location = HistoryLocation.File(HistoryPath);
            return;
        }

        Skip.If(AzuriteTable.Instance == null, AzuriteTable.Unavailable);
        Uri table = await AzuriteTable.Instance!.CreateTableAsync();
        _table = new TableClient(TableAddress.Parse(table.AbsoluteUri, "test"), new SasCredential(AzuriteTable.TableSas(table.Segments[^1])), new HttpClient());
        _location = HistoryLocation.Table(_table, TimeSpan.FromMinutes(30));
    }

    private IReadOnlyList<StatusHistoryEntry> Entries() =>
        _table != null ? TableHistoryStore.ReadEntries(_table, null, null, null, _ => { })
        : File.Exists(HistoryPath) ? FileHistoryStore.ReadEntries(HistoryPath, _ => { })
        : Array.Empty<StatusHistoryEntry>();

    private string Image(string name, int size = 3000)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, TestImages.Png(size));
        return path;
    }

    private static BatchOptions Options(int retries = 3, bool skipCheck = false, bool force = false, bool preview = false, int? maximumPostCount = null) => new()
    {
        Retry = new RetryPolicy(retries, TimeSpan.FromMilliseconds(10)),
        SkipConnectionCheck = skipCheck,
        Force = force,
        Preview = preview,
        MaximumPostCount = maximumPostCount,
    };

    private (StatusBatch Batch, RecordingHost Host) Begin(BatchOptions? options = null, ZApiConnection? connection = null, bool withHistory = true)
    {
        var host = new RecordingHost();
        var batch = new StatusBatch(options ?? Options(), host);
        batch.Begin(connection ?? _sandbox.Connection(), null, withHistory ? _location : null);
        return (batch, host);
    }

    private static void Post(StatusBatch batch, string path, object? postAt = null) =>
        Post(batch, path, new CalendarColumns { PostAt = postAt });

    private static void Post(StatusBatch batch, string path, CalendarColumns calendar) =>
        batch.Post(path, () => new MediaStatusPost(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, path, 64 << 20), "caption"), calendar);

    /// <summary>A whole pipeline over some files: each posted in order, then the end.</summary>
    private RecordingHost Run(BatchOptions? options, params string[] files)
    {
        (StatusBatch batch, RecordingHost host) = Begin(options);
        using (batch)
        {
            foreach (string file in files)
            {
                Post(batch, file);
            }

            batch.End();
        }

        return host;
    }

    private StatusHistoryEntry Recorded(string path) => Entries().Single(entry => entry.Source == path);

    private async Task<int> PostsReceivedAsync() => (await _sandbox.RequestsAsync()).Count(r => r.Method == "POST");

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_status_the_history_does_not_know_is_posted_with_its_very_bytes_and_recorded(string store)
    {
        await UseAsync(store);
        string image = Image("a.png", 5000);

        RecordingHost host = Run(null, image);

        var result = Assert.IsType<ImageStatusResult>(Assert.Single(host.Results));
        StatusRecord stored = Assert.Single(await _sandbox.StatusesAsync());
        Assert.Equal((StatusOutcome.Posted, stored.Id), (result.Outcome, result.MessageId));
        Assert.Equal(TestImages.Sha256(File.ReadAllBytes(image)), stored.Sha256);
        Assert.Equal((StatusHistoryOutcome.Posted, stored.Id), (Recorded(image).Outcome, Recorded(image).MessageId));
        Assert.Empty(host.Errors);
        Assert.Equal(1, Assert.Single(host.Summaries).Outcomes["Posted"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_status_the_history_says_was_posted_is_AlreadyPosted_with_the_earlier_ids_and_is_not_sent_again(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        StatusResult first = Assert.Single(Run(null, image).Results);

        RecordingHost again = Run(null, image);

        StatusResult second = Assert.Single(again.Results);
        Assert.Equal((StatusOutcome.AlreadyPosted, first.MessageId, first.ZaapId), (second.Outcome, second.MessageId, second.ZaapId));
        Assert.Equal(1, await PostsReceivedAsync());
        Assert.Empty(again.Confirmed);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task An_image_rewritten_at_the_same_size_between_its_check_and_its_send_is_not_posted_under_the_old_bytes_identity(string store)
    {
        // A photo rotated in place (its EXIF orientation byte changed) or copied over with cp -p keeps its size: the
        // bytes sent must be the bytes the history recorded, or a later run would post the new bytes once more.
        await UseAsync(store);
        string image = Image("a.png", 5000);
        byte[] rotated = File.ReadAllBytes(image);
        rotated[^1] ^= 0xFF;
        (StatusBatch batch, RecordingHost host) = Begin();
        host.Confirm = _ =>
        {
            File.WriteAllBytes(image, rotated);
            return true;
        };
        using (batch)
        {
            Post(batch, image);
            batch.End();
        }

        Assert.Equal((ZApiErrorId.ImageUnreadable, (object?)image), (host.Errors.Single().Id, host.Errors.Single().Target));
        Assert.Empty(await _sandbox.StatusesAsync());
        Assert.Equal(StatusHistoryOutcome.Refused, Recorded(image).Outcome);
        RecordingHost again = Run(null, image);
        Assert.Equal(StatusOutcome.Posted, Assert.Single(again.Results).Outcome);
        Assert.Equal(TestImages.Sha256(rotated), Assert.Single(await _sandbox.StatusesAsync()).Sha256);
    }

    [Theory]
    [InlineData("with a byte order mark and CRLF, as Windows PowerShell's Set-Content -Encoding UTF8 saves it")]
    [InlineData("with only its Posted lines, as a tidy-up with Where-Object | Set-Content leaves it")]
    public async Task A_history_rewritten_in_place_mid_run_is_read_again_so_what_it_holds_is_not_posted_twice(string how)
    {
        // Set-Content, Out-File and Notepad write into the file itself (no rename), so every line moves.
        await UseAsync("file");
        string a = Image("a.png", 3000), b = Image("b.png", 4000), c = Image("c.png", 5000);
        Run(null, a, b);
        (StatusBatch batch, RecordingHost host) = Begin();
        using (batch)
        {
            Post(batch, c);
            string[] lines = File.ReadAllLines(HistoryPath);
            byte[] rewritten = how.StartsWith("with", StringComparison.Ordinal)
                ? [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")]
                : System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines.Where(line => line.Contains("\"Posted\"", StringComparison.Ordinal))) + "\n");
            File.WriteAllBytes(HistoryPath, rewritten);
            Post(batch, a);
            Post(batch, b);
            batch.End();
        }

        Assert.Equal([StatusOutcome.Posted, StatusOutcome.AlreadyPosted, StatusOutcome.AlreadyPosted], host.Results.Select(r => r.Outcome));
        Assert.Equal(3, await PostsReceivedAsync());
        Assert.Contains(host.Warnings, warning => warning.Contains("rewritten in place", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_status_in_doubt_is_StatusInDoubt_and_is_not_sent_while_the_batch_goes_on(string store)
    {
        await UseAsync(store);
        string doubtful = Image("a.png");
        string next = Image("b.png", 4000);
        await _sandbox.SetFaultsAsync(new SandboxFaults { ServerErrorAfterStoreCount = 1 });

        RecordingHost first = Run(null, doubtful, next);

        Assert.Equal((ZApiErrorId.ZApiOutcomeUnknown, (object?)doubtful), (first.Errors[0].Id, first.Errors[0].Target));
        Assert.StartsWith($"While posting {doubtful} (image/png, 3,000 bytes) with caption \"caption\": ", first.Errors[0].Message);
        Assert.Equal(StatusOutcome.Posted, Assert.Single(first.Results).Outcome);
        Assert.Equal((StatusHistoryOutcome.InDoubt, "ZApiOutcomeUnknown"), (Recorded(doubtful).Outcome, Recorded(doubtful).ErrorId));

        RecordingHost again = Run(null, doubtful);
        Assert.Equal((ZApiErrorId.StatusInDoubt, (object?)doubtful), (again.Errors.Single().Id, again.Errors.Single().Target));
        Assert.Contains("-Force", again.Errors.Single().Message);
        Assert.Equal(2, await PostsReceivedAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_status_in_flight_in_a_running_process_is_StatusInFlight_and_is_not_sent(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        using HistorySession other = HistorySession.Open(_location.Name, SandboxServer.InstanceId, false, false, _location.Open, _ => { });
        var post = new MediaStatusPost(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, image, 1 << 20), "caption");
        using HistoryClaim inFlight = other.Claim(post, other.Check(post), CancellationToken.None);

        RecordingHost host = Run(null, image);

        Assert.Equal((ZApiErrorId.StatusInFlight, (object?)image), (host.Errors.Single().Id, host.Errors.Single().Target));
        Assert.Equal(0, await PostsReceivedAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_refused_status_is_posted_by_the_next_run(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 1 });

        RecordingHost refused = Run(Options(retries: 0), image);

        Assert.Equal(ZApiErrorId.ZApiRateLimited, refused.Errors.Single().Id);
        Assert.Equal((StatusHistoryOutcome.Refused, "ZApiRateLimited"), (Recorded(image).Outcome, Recorded(image).ErrorId));
        StatusResult resumed = Assert.Single(Run(null, image).Results);
        Assert.Equal(StatusOutcome.Posted, resumed.Outcome);
        Assert.Single(await _sandbox.StatusesAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Force_posts_what_the_history_holds_and_records_the_new_ids(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        StatusResult first = Assert.Single(Run(null, image).Results);

        StatusResult forced = Assert.Single(Run(Options(force: true), image).Results);

        Assert.Equal(StatusOutcome.Posted, forced.Outcome);
        Assert.NotEqual(first.MessageId, forced.MessageId);
        Assert.Equal(2, (await _sandbox.StatusesAsync()).Length);
        Assert.Equal(forced.MessageId, Recorded(image).MessageId);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Ctrl_C_after_the_body_began_leaves_the_status_in_doubt_and_warns_that_it_may_exist(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        await _sandbox.SetFaultsAsync(new SandboxFaults { DelaySec = 30 });
        (StatusBatch batch, RecordingHost host) = Begin(Options(skipCheck: true));
        using (batch)
        {
            // Z-API holds the answer; Ctrl+C comes once the small body is long gone.
            host.OnVerbose = line => { if (line.StartsWith("POST", StringComparison.Ordinal)) { _ = Task.Delay(1000).ContinueWith(_ => batch.Cancel()); } };

            Assert.ThrowsAny<OperationCanceledException>(() => Post(batch, image));
        }

        Assert.Equal((StatusHistoryOutcome.InDoubt, "Stopped"), (Recorded(image).Outcome, Recorded(image).ErrorId));
        Assert.Contains("may or may not have been posted", Assert.Single(host.WarningsAfterStop));
        Assert.Contains(image, host.WarningsAfterStop[0]);
        Assert.Empty(host.Results);
        Assert.Empty(host.Errors);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Ctrl_C_before_the_body_began_leaves_the_status_refused_so_a_later_run_posts_it(string store)
    {
        await UseAsync(store);
        using BlackHolePort? hole = BlackHolePort.Open();
        Skip.If(hole == null, "this platform queues every loopback connection");
        string image = Image("a.png");
        (StatusBatch batch, RecordingHost host) = Begin(Options(skipCheck: true), _sandbox.Connection(baseUri: hole!.BaseUri));
        using (batch)
        {
            host.OnVerbose = line => { if (line.StartsWith("POST", StringComparison.Ordinal)) { _ = Task.Delay(300).ContinueWith(_ => batch.Cancel()); } };

            Assert.ThrowsAny<OperationCanceledException>(() => Post(batch, image));
        }

        Assert.Equal((StatusHistoryOutcome.Refused, "Stopped"), (Recorded(image).Outcome, Recorded(image).ErrorId));
        Assert.Empty(host.WarningsAfterStop);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Ctrl_C_while_waiting_out_a_429_leaves_the_status_refused_though_its_body_had_left_once(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 1, RetryAfterSec = 30 });
        (StatusBatch batch, RecordingHost host) = Begin(Options(skipCheck: true));
        using (batch)
        {
            host.OnVerbose = line => { if (line.Contains("HTTP 429 (throttled)", StringComparison.Ordinal)) { batch.Cancel(); } };

            Assert.ThrowsAny<OperationCanceledException>(() => Post(batch, image));
        }

        Assert.Equal((StatusHistoryOutcome.Refused, "Stopped"), (Recorded(image).Outcome, Recorded(image).ErrorId));
        Assert.Empty(host.WarningsAfterStop);
        Assert.Empty(await _sandbox.StatusesAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_write_that_ends_the_pipeline_after_the_body_began_leaves_the_status_in_doubt_and_its_exception_goes_on(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        await _sandbox.SetFaultsAsync(new SandboxFaults { DelaySec = 30 });
        (StatusBatch batch, RecordingHost host) = Begin(Options(skipCheck: true));
        using (batch)
        {
            // -WarningAction Stop or Ctrl+C landing on a write while Z-API holds its answer.
            host.OnVerbose = line =>
            {
                if (line.StartsWith("POST", StringComparison.Ordinal))
                {
                    Thread.Sleep(1000);
                    throw new RecordingHost.PipelineEnded("stopped in a write");
                }
            };

            Assert.Equal("stopped in a write", Assert.Throws<RecordingHost.PipelineEnded>(() => Post(batch, image)).Message);
        }

        Assert.Equal((StatusHistoryOutcome.InDoubt, "Stopped"), (Recorded(image).Outcome, Recorded(image).ErrorId));
        Assert.Contains("may or may not have been posted", Assert.Single(host.WarningsAfterStop));
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_stop_that_lands_as_Z_API_answers_keeps_the_status_posted_and_says_so(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        (StatusBatch batch, RecordingHost host) = Begin(Options(skipCheck: true));
        using (batch)
        {
            host.OnVerbose = line =>
            {
                if (line.StartsWith("HTTP 200", StringComparison.Ordinal))
                {
                    Thread.Sleep(500);
                    throw new RecordingHost.PipelineEnded("stopped as the answer came");
                }
            };

            Assert.Throws<RecordingHost.PipelineEnded>(() => Post(batch, image));
        }

        StatusRecord stored = Assert.Single(await _sandbox.StatusesAsync());
        Assert.Equal((StatusHistoryOutcome.Posted, stored.Id), (Recorded(image).Outcome, Recorded(image).MessageId));
        Assert.Contains("it is posted; do not send it again", Assert.Single(host.WarningsAfterStop));
        Assert.Empty(host.Results);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_warning_that_ends_the_pipeline_before_anything_was_sent_leaves_the_status_refused(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        var closed = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        (StatusBatch batch, RecordingHost host) = Begin(Options(retries: 2, skipCheck: true), _sandbox.Connection(baseUri: closed));
        using (batch)
        {
            host.OnWarning = line => throw new RecordingHost.PipelineEnded(line);

            Assert.Contains("retrying", Assert.Throws<RecordingHost.PipelineEnded>(() => Post(batch, image)).Message);
        }

        Assert.Equal((StatusHistoryOutcome.Refused, "Stopped"), (Recorded(image).Outcome, Recorded(image).ErrorId));
        Assert.Empty(host.WarningsAfterStop);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_server_that_cannot_be_reached_stops_the_batch_at_the_first_input_with_the_summary_written_first(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        (StatusBatch batch, RecordingHost host) = Begin(Options(retries: 1, skipCheck: true), _sandbox.Connection(baseUri: new Uri($"http://127.0.0.1:{ClosedPort()}/")));
        using (batch)
        {
            var stop = Assert.Throws<RecordingHost.Terminated>(() => Post(batch, image));

            Assert.Equal((ZApiErrorId.ZApiUnreachable, (object?)image), (stop.Error.ErrorId, stop.Target));
            Assert.Contains("Nothing was posted", stop.Error.Message);
        }

        Assert.Equal(1, Assert.Single(host.Summaries).Errors["ZApiUnreachable"]);
        Assert.Equal(StatusHistoryOutcome.Refused, Recorded(image).Outcome);
        Assert.Single(host.Warnings, line => line.Contains("retrying", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_phone_check_that_finds_no_server_stops_before_anything_is_claimed(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        (StatusBatch batch, RecordingHost host) = Begin(Options(retries: 0), _sandbox.Connection(baseUri: new Uri($"http://127.0.0.1:{ClosedPort()}/")));
        using (batch)
        {
            var stop = Assert.Throws<RecordingHost.Terminated>(() => Post(batch, image));
            Assert.StartsWith("Nothing was posted: the check before the first post found no server.", stop.Error.Message);
        }

        Assert.Empty(Entries());
        Assert.Equal(0, await PostsReceivedAsync());
    }

    [SkippableTheory]
    [InlineData("file", false)]
    [InlineData("table", false)]
    [InlineData("file", true)]
    [InlineData("table", true)]
    public async Task A_refused_Client_Token_stops_the_batch_after_one_request_and_nothing_stays_claimed(string store, bool skipCheck)
    {
        await UseAsync(store);
        string[] images = { Image("a.png"), Image("b.png", 4000) };
        (StatusBatch batch, RecordingHost host) = Begin(Options(skipCheck: skipCheck), _sandbox.Connection(clientToken: "wrong-client-token"));
        using (batch)
        {
            var stop = Assert.Throws<RecordingHost.Terminated>(() => Post(batch, images[0]));
            Assert.Equal((ZApiErrorId.ZApiAuthenticationFailed, (object?)images[0]), (stop.Error.ErrorId, stop.Target));
            Assert.DoesNotContain("wrong-client-token", stop.Error.Message);
        }

        Assert.Single(await _sandbox.RequestsAsync());
        Assert.Empty(await _sandbox.StatusesAsync());
        if (skipCheck)
        {
            Assert.Equal(StatusHistoryOutcome.Refused, Recorded(images[0]).Outcome);
        }

        Assert.Equal(1, Assert.Single(host.Summaries).Errors["ZApiAuthenticationFailed"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_dry_run_reads_the_history_creates_nothing_and_sends_nothing(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        (StatusBatch batch, RecordingHost host) = Begin(Options(preview: true));
        host.Confirm = _ => false;
        using (batch)
        {
            Post(batch, image);
            batch.End();
        }

        Assert.Empty(Entries());
        if (store == "file")
        {
            Assert.False(File.Exists(HistoryPath));
            Assert.Contains(host.Verbose, line => line.Contains("does not exist yet", StringComparison.Ordinal));
        }
        Assert.Empty(await _sandbox.RequestsAsync());
        Assert.Single(host.Confirmed);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_run_that_began_as_a_dry_run_opens_the_history_for_writing_at_its_first_real_post(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");
        (StatusBatch batch, RecordingHost host) = Begin(Options(preview: true));
        using (batch)
        {
            Post(batch, image);
            batch.End();
        }

        StatusResult result = Assert.Single(host.Results);
        Assert.Equal(result.MessageId, Recorded(image).MessageId);
        Assert.Single(await _sandbox.StatusesAsync());
    }

    [Fact]
    public async Task Without_a_connection_a_dry_run_validates_and_a_real_post_stops_as_not_configured()
    {
        string image = Image("a.png");
        var host = new RecordingHost { Confirm = _ => false };
        using (var dryRun = new StatusBatch(Options(), host))
        {
            dryRun.Begin(null, new ZApiException(ZApiErrorId.ZApiNotConfigured, "No Z-API connection is set."), null);
            Post(dryRun, image);
            Post(dryRun, Path.Combine(_folder, "missing.png"));
            dryRun.End();
        }

        Assert.Equal(ZApiErrorId.ImageNotFound, host.Errors.Single().Id);
        Assert.Contains(host.Warnings, line => line.StartsWith("Nothing was posted, and a real run needs a connection", StringComparison.Ordinal));

        var real = new RecordingHost();
        using var batch = new StatusBatch(Options(), real);
        batch.Begin(null, new ZApiException(ZApiErrorId.ZApiNotConfigured, "No Z-API connection is set."), null);
        Assert.Equal(ZApiErrorId.ZApiNotConfigured, Assert.Throws<RecordingHost.Terminated>(() => Post(batch, image)).Error.ErrorId);
        Assert.Empty(await _sandbox.RequestsAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Inputs_held_back_by_the_calendar_or_the_budget_yield_results_without_ids_and_are_not_sent(string store)
    {
        await UseAsync(store);
        string[] images = { Image("a.png"), Image("b.png", 4000), Image("c.png", 5000) };
        (StatusBatch batch, RecordingHost host) = Begin(Options(maximumPostCount: 1));
        using (batch)
        {
            Post(batch, images[0], postAt: DateTimeOffset.Now.AddDays(1));
            Post(batch, images[1]);
            Post(batch, images[2]);
            batch.End();
        }

        Assert.Equal(new[] { StatusOutcome.NotDue, StatusOutcome.Posted, StatusOutcome.Deferred }, host.Results.Select(r => r.Outcome));
        Assert.All(new[] { host.Results[0], host.Results[2] }, r => Assert.Null(r.MessageId));
        Assert.Single(await _sandbox.StatusesAsync());
        Assert.Equal(new[] { images[1] }, Entries().Select(e => e.Source));
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task The_same_status_twice_in_one_pipeline_is_posted_once_though_its_completion_is_written_alongside_the_next_input(string store)
    {
        await UseAsync(store);
        string image = Image("a.png");

        RecordingHost host = Run(Options(skipCheck: true), image, image);

        Assert.Equal(new[] { StatusOutcome.Posted, StatusOutcome.AlreadyPosted }, host.Results.Select(r => r.Outcome));
        Assert.Equal(host.Results[0].MessageId, host.Results[1].MessageId);
        Assert.Single(await _sandbox.StatusesAsync());
        Assert.All(Entries(), entry => Assert.Equal(StatusHistoryOutcome.Posted, entry.Outcome));
        Assert.Empty(host.Errors);
    }

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task A_post_whose_completion_the_history_cannot_take_is_still_a_result_with_a_warning_and_is_never_posted_again(string store)
    {
        await UseAsync(store);
        if (store == "file")
        {
            _location = HistoryLocation.File(HistoryPath, lockWait: TimeSpan.FromMilliseconds(300));
        }

        string image = Image("a.png");
        IDisposable? spoiled = null;
        (StatusBatch batch, RecordingHost host) = Begin(Options(skipCheck: true));
        using (batch)
        {
            // While Z-API has the request: the file's lock is held elsewhere; the table's entry is changed by another run.
            host.OnVerbose = line => { if (spoiled == null && line.StartsWith("POST", StringComparison.Ordinal)) { spoiled = Spoil(); } };
            Post(batch, image);
            spoiled?.Dispose();
            batch.End();
        }

        StatusResult result = Assert.Single(host.Results);
        StatusRecord stored = Assert.Single(await _sandbox.StatusesAsync());
        Assert.Equal((StatusOutcome.Posted, stored.Id), (result.Outcome, result.MessageId));
        Assert.Empty(host.Errors);
        string warning = Assert.Single(host.Warnings, line => line.Contains("could not record it", StringComparison.Ordinal));
        Assert.Contains($"message id {stored.Id}", warning);
        Assert.Contains("never post it again", warning);

        RecordingHost again = Run(Options(skipCheck: true), image);
        Assert.Contains(again.Errors.Single().Id, new[] { ZApiErrorId.StatusInFlight, ZApiErrorId.StatusInDoubt });
        Assert.Single(await _sandbox.StatusesAsync());
    }

    /// <summary>Makes the history refuse the completion of the claim in flight.</summary>
    private IDisposable Spoil()
    {
        if (_table == null)
        {
            return HistoryLock.Acquire(HistoryPath, TimeSpan.Zero);
        }

        TableEntity claimed = _table.QueryAsync(null, CancellationToken.None).GetAwaiter().GetResult().Single();
        TableEntity read = _table.GetAsync(claimed.PartitionKey, claimed.RowKey, CancellationToken.None).GetAwaiter().GetResult()!;
        Assert.Equal(TableWriteResult.Written, _table.ReplaceAsync(read.Set(TableEntryFormat.ClaimProperty, "another-run"), read.ETag!, CancellationToken.None).GetAwaiter().GetResult().Result);
        return new MemoryStream();
    }

    [Fact]
    public async Task The_interval_runs_from_the_attempt_Z_API_accepted_so_a_Retry_After_wait_does_not_use_it_up()
    {
        string[] images = { Image("a.png"), Image("b.png", 4000) };
        await _sandbox.SetFaultsAsync(new SandboxFaults { RateLimitCount = 1, RetryAfterSec = 2 });
        BatchOptions options = Options(skipCheck: true);
        options.Interval = TimeSpan.FromSeconds(1.5);

        RecordingHost host = Run(options, images);

        Assert.Equal(2, host.Results.Count);
        StatusRecord[] stored = (await _sandbox.StatusesAsync()).OrderBy(s => s.ReceivedAt).ToArray();
        Assert.InRange((stored[1].ReceivedAt - stored[0].ReceivedAt).TotalSeconds, 1.45, 60);
    }

    [Theory]
    [InlineData(ZApiErrorId.HistoryUnavailable)]
    [InlineData(ZApiErrorId.HistoryFormatUnsupported)]
    public async Task A_history_that_stops_the_batch_as_it_opens_writes_the_summary_first(ZApiErrorId expected)
    {
        string blocker = Image("not-a-folder", 10);
        string path = Path.Combine(blocker, "history.jsonl");
        if (expected == ZApiErrorId.HistoryFormatUnsupported)
        {
            path = HistoryPath;
            File.WriteAllText(path, "{\"v\":2,\"key\":\"" + new string('0', 64) + "\"}\n");
        }

        var host = new RecordingHost();
        using var batch = new StatusBatch(Options(), host);
        var stop = Assert.Throws<RecordingHost.Terminated>(() => batch.Begin(_sandbox.Connection(), null, HistoryLocation.File(path)));

        Assert.Equal((expected, (object?)path), (stop.Error.ErrorId, stop.Target));
        Assert.Equal(1, Assert.Single(host.Summaries).Errors[expected.ToString()]);
        Assert.Empty(await _sandbox.RequestsAsync());
    }

    /// <summary>A Z-API whose status route cannot say whether the phone is online, and whose send route posts.</summary>
    private static RawHttpServer PhoneCheckThatCannotTell(string how) => new((head, stream, cancel) =>
        head.StartsWith("GET", StringComparison.Ordinal)
            ? how switch
            {
                "500" => RawHttpServer.Answer(500, "{\"error\":\"internal\"}")(head, stream, cancel),
                "html" => RawHttpServer.Answer(200, "<html><body>Gateway login</body></html>")(head, stream, cancel),
                _ => Task.Delay(Timeout.Infinite, cancel),
            }
            : RawHttpServer.Answer(200, "{\"zaapId\":\"z\",\"messageId\":\"m\",\"id\":\"m\"}")(head, stream, cancel));

    [Theory]
    [InlineData("500")]
    [InlineData("html")]
    [InlineData("silence")]
    public void RequirePhoneOnline_fails_closed_when_the_phone_check_cannot_tell(string how)
    {
        using RawHttpServer server = PhoneCheckThatCannotTell(how);
        BatchOptions options = Options(retries: 0);
        options.RequirePhoneOnline = true;
        (StatusBatch batch, RecordingHost host) = Begin(options, _sandbox.Connection(baseUri: server.BaseUri, timeoutSec: 1), withHistory: false);
        using (batch)
        {
            var stop = Assert.Throws<RecordingHost.Terminated>(() => Post(batch, Image("a.png")));

            Assert.Equal(ZApiErrorId.ZApiPhoneCheckFailed, stop.Error.ErrorId);
            Assert.StartsWith("Nothing was posted: -RequirePhoneOnline", stop.Error.Message);
        }

        Assert.Equal(1, server.Requests);
        Assert.Equal(1, Assert.Single(host.Summaries).Errors["ZApiPhoneCheckFailed"]);
    }

    [Fact]
    public void Without_RequirePhoneOnline_a_phone_check_that_cannot_tell_is_a_warning_and_the_batch_posts()
    {
        using RawHttpServer server = PhoneCheckThatCannotTell("500");
        (StatusBatch batch, RecordingHost host) = Begin(Options(retries: 0), _sandbox.Connection(baseUri: server.BaseUri), withHistory: false);
        using (batch)
        {
            Post(batch, Image("a.png"));
        }

        Assert.Equal("m", Assert.Single(host.Results).MessageId);
        Assert.Single(host.Warnings, line => line.StartsWith("Could not check the phone before posting", StringComparison.Ordinal));
        Assert.Equal(2, server.Requests);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(0, false)]
    public async Task A_phone_check_that_keeps_the_batch_waiting_says_so_at_once_in_Verbose_and_after_a_second_on_the_bar(double delaySec, bool shown)
    {
        await _sandbox.SetFaultsAsync(new SandboxFaults { DelaySec = delaySec });
        BatchOptions options = Options();
        options.ShowProgress = true;

        RecordingHost host = Run(options, Image("a.png"));

        Assert.StartsWith("verbose: Checking that the phone is online before the first post", host.Timeline[0], StringComparison.Ordinal);
        Assert.StartsWith("verbose: GET ", host.Timeline[1], StringComparison.Ordinal);
        string checking = $"progress: Checking that the phone of instance {SandboxServer.InstanceId} is online before the first post";
        Assert.Equal(shown, host.Timeline.Contains(checking));
        if (shown)
        {
            Assert.True(host.Timeline.IndexOf(checking) < host.Timeline.FindIndex(line => line.StartsWith("verbose: Phone check:", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Ctrl_C_while_another_process_holds_the_history_lock_ends_the_wait_at_once_with_nothing_claimed()
    {
        string image = Image("a.png");
        var host = new RecordingHost();
        using var batch = new StatusBatch(Options(), host);
        batch.Begin(_sandbox.Connection(), null, HistoryLocation.File(HistoryPath, lockWait: TimeSpan.FromMinutes(5)));
        using (new FileStream(HistoryPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var posting = Task.Run(() => Post(batch, image));
            await Task.Delay(500);
            Assert.False(posting.IsCompleted, "the claim waits for the lock");

            batch.Cancel();

            Task ended = await Task.WhenAny(posting, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.Same(posting, ended);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);
        }

        Assert.Empty(FileHistoryStore.ReadEntries(HistoryPath, _ => { }));
        Assert.Equal(0, await PostsReceivedAsync());
    }

    [Fact]
    public async Task Ctrl_C_while_a_history_table_does_not_answer_the_check_ends_the_wait_at_once_with_nothing_sent()
    {
        // The table answers the check as the batch opens, then falls silent, as one behind a failing network does.
        using var table = new RawHttpServer(async (head, stream, cancel) =>
        {
            if (head.Contains("()?", StringComparison.Ordinal))
            {
                await RawHttpServer.Answer(200, "{\"value\":[]}")(head, stream, cancel);
                return;
            }

            await Task.Delay(Timeout.Infinite, cancel);
        });
        var client = new TableClient(TableAddress.Parse(table.BaseUri + "devstoreaccount1/history", "test"), new SasCredential("sv=2019-02-02&sig=x"), new HttpClient());
        string image = Image("a.png");
        var host = new RecordingHost();
        using var batch = new StatusBatch(Options(skipCheck: true), host);
        batch.Begin(_sandbox.Connection(), null, HistoryLocation.Table(client, TimeSpan.FromMinutes(30)));
        var posting = Task.Run(() => Post(batch, image));
        await Task.Delay(500);
        Assert.False(posting.IsCompleted, "the check waits for the table");

        batch.Cancel();

        Task ended = await Task.WhenAny(posting, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(posting, ended);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);
        Assert.Empty(host.Errors);
        Assert.Equal(0, await PostsReceivedAsync());
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
