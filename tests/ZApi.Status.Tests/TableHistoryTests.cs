using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;
using ZApi.Status.Posting;
using ZApi.Status.Tables;

namespace ZApi.Status.Tests;

/// <summary>
/// The table store on its own, against Azurite's table service: what only a table has (a lease for an entry in flight
/// on another machine, one partition per instance read with a server-side filter, format versions per entity), and
/// the claims of two runs on one entity.
/// </summary>
public sealed class TableHistoryTests
{
    private readonly List<string> _warnings = new();

    private static async Task<TableClient> NewTableAsync()
    {
        Skip.If(AzuriteTable.Instance == null, AzuriteTable.Unavailable);
        Uri table = await AzuriteTable.Instance!.CreateTableAsync();
        return new TableClient(TableAddress.Parse(table.AbsoluteUri, "test"), new SasCredential(AzuriteTable.TableSas(table.Segments[^1])), new HttpClient());
    }

    private HistorySession Open(TableClient table, string instance = "i1", bool force = false)
    {
        HistoryLocation location = HistoryLocation.Table(table, TimeSpan.FromMinutes(30));
        return HistorySession.Open(location.Name, instance, force, false, location.Open, _warnings.Add);
    }

    private static TextStatusPost Text(string message) => TextStatusPost.From(message);

    private static void PostThrough(HistorySession history, StatusPost post, string messageId)
    {
        using HistoryClaim claim = history.Claim(post, history.Check(post), CancellationToken.None);
        Assert.True(claim.Granted);
        Assert.Null(SendOutcome.Queued(new QueuedStatus("zaap-" + messageId, messageId), DateTimeOffset.Now).CompleteIn(claim));
    }

    /// <summary>Writes the entry a run on another machine left in flight, with its lease ending at <paramref name="leaseEnds"/>.</summary>
    private static async Task InFlightElsewhereAsync(TableClient table, StatusPost post, DateTimeOffset leaseEnds)
    {
        StatusIdentity identity = StatusIdentity.Of("i1", post);
        TableEntity entity = TableEntryFormat.ToEntity(identity, StatusHistoryOutcome.InFlight, DateTimeOffset.Now.AddMinutes(-1), null, null, null,
            ProcessIdentity.Current, leaseEnds, "their-claim").Set("Process", "4242@worker-on-another-vm");
        Assert.Equal(TableWriteResult.Written, (await table.InsertAsync(entity, CancellationToken.None)).Result);
    }

    [SkippableFact]
    public async Task An_entry_in_flight_on_another_machine_is_in_flight_until_its_lease_ends_then_in_doubt_and_never_said_to_have_ended()
    {
        TableClient table = await NewTableAsync();
        await InFlightElsewhereAsync(table, Text("running"), DateTimeOffset.Now.AddMinutes(20));
        await InFlightElsewhereAsync(table, Text("lease over"), DateTimeOffset.Now.AddMinutes(-1));
        using HistorySession history = Open(table);

        HistoryCheck running = history.Check(Text("running"))!;
        HistoryCheck over = history.Check(Text("lease over"))!;

        Assert.Equal((HistoryVerdict.InFlight, ZApiErrorId.StatusInFlight), (running.Verdict, running.Refusal().ErrorId));
        Assert.Contains("in flight on another machine (process 4242@worker-on-another-vm)", running.Refusal().Message);
        Assert.Contains("or that run ended there", running.Refusal().Message);
        Assert.Equal((HistoryVerdict.InDoubt, ZApiErrorId.StatusInDoubt), (over.Verdict, over.Refusal().ErrorId));
        Assert.Contains("in flight on another machine (process 4242@worker-on-another-vm), or ended there", over.Refusal().Message);
        Assert.DoesNotContain("ended before", over.Refusal().Message);
        Assert.Equal(new[] { StatusHistoryOutcome.InFlight, StatusHistoryOutcome.InDoubt },
            TableHistoryStore.ReadEntries(table, "i1", null, null, _warnings.Add).Select(e => e.Outcome).OrderBy(o => o));
    }

    [SkippableFact]
    public async Task Two_runs_claiming_one_status_get_one_claim_and_the_other_decides_again_on_what_the_first_wrote()
    {
        TableClient table = await NewTableAsync();
        using HistorySession a = Open(table);
        using HistorySession b = Open(table);
        HistoryCheck checkA = a.Check(Text("once"))!, checkB = b.Check(Text("once"))!;
        Assert.Equal((HistoryVerdict.Post, HistoryVerdict.Post), (checkA.Verdict, checkB.Verdict));

        using HistoryClaim claimA = a.Claim(Text("once"), checkA, CancellationToken.None);
        using (HistoryClaim whileInFlight = b.Claim(Text("once"), checkB, CancellationToken.None))
        {
            Assert.Equal(HistoryVerdict.InFlight, whileInFlight.Check.Verdict);
        }

        Assert.Null(SendOutcome.Queued(new QueuedStatus("z", "m-a"), DateTimeOffset.Now).CompleteIn(claimA));
        using HistoryClaim after = b.Claim(Text("once"), checkB, CancellationToken.None);
        Assert.Equal((HistoryVerdict.AlreadyPosted, "m-a"), (after.Check.Verdict, after.Check.Earlier!.MessageId));
    }

    [SkippableFact]
    public async Task A_refused_entry_is_claimed_again_on_its_ETag_and_Force_replaces_a_posted_one()
    {
        TableClient table = await NewTableAsync();
        using (HistorySession first = Open(table))
        using (HistoryClaim claim = first.Claim(Text("retry me"), first.Check(Text("retry me")), CancellationToken.None))
        {
            Assert.Null(SendOutcome.Failed(new ZApiException(ZApiErrorId.ZApiRateLimited, "429")).CompleteIn(claim));
        }

        using (HistorySession second = Open(table))
        {
            Assert.Equal(StatusHistoryOutcome.Refused, second.Check(Text("retry me"))!.Earlier!.Outcome);
            PostThrough(second, Text("retry me"), "m-1");
        }

        using (HistorySession forced = Open(table, force: true))
        {
            PostThrough(forced, Text("retry me"), "m-2");
        }

        StatusHistoryEntry entry = Assert.Single(TableHistoryStore.ReadEntries(table, "i1", null, null, _warnings.Add));
        Assert.Equal((StatusHistoryOutcome.Posted, "m-2", 0), (entry.Outcome, entry.MessageId, entry.LineNumber));
    }

    [SkippableFact]
    public async Task Each_instance_has_its_partition_and_a_read_filters_by_time_and_state_on_the_table()
    {
        TableClient table = await NewTableAsync();
        using (HistorySession one = Open(table, "inst/1"))
        {
            PostThrough(one, Text("a"), "m-a");
            using HistoryClaim doubt = one.Claim(Text("b"), one.Check(Text("b")), CancellationToken.None);
            SendOutcome.Failed(new ZApiException(ZApiErrorId.ZApiOutcomeUnknown, "timeout")).CompleteIn(doubt);
        }

        using (HistorySession two = Open(table, "inst#2"))
        {
            PostThrough(two, Text("a"), "m-other");
        }

        Assert.Equal(new[] { "m-a", null }, TableHistoryStore.ReadEntries(table, "inst/1", null, null, _warnings.Add).Select(e => e.MessageId));
        Assert.Equal("m-other", Assert.Single(TableHistoryStore.ReadEntries(table, "inst#2", null, null, _warnings.Add)).MessageId);
        Assert.Equal(3, TableHistoryStore.ReadEntries(table, null, null, null, _warnings.Add).Count);
        Assert.Equal("ZApiOutcomeUnknown", Assert.Single(TableHistoryStore.ReadEntries(table, "inst/1", null, new[] { StatusHistoryOutcome.InDoubt }, _warnings.Add)).ErrorId);
        Assert.Empty(TableHistoryStore.ReadEntries(table, "inst/1", DateTimeOffset.Now.AddMinutes(5), null, _warnings.Add));
        Assert.Equal(new[] { "i~2F1", "inst~232" }.Length, (await table.QueryAsync(null, CancellationToken.None)).Select(e => e.PartitionKey).Distinct().Count());
        Assert.Empty(_warnings);
    }

    [SkippableFact]
    public async Task A_cancelled_queue_entry_turns_its_Posted_entity_Cancelled_on_its_ETag_and_an_unknown_zaapId_writes_nothing()
    {
        TableClient table = await NewTableAsync();
        using (HistorySession history = Open(table, "inst/1"))
        {
            PostThrough(history, Text("queued"), "m-q");
            PostThrough(history, Text("other"), "m-o");
        }

        var store = (TableHistoryStore)HistoryLocation.Table(table, TimeSpan.FromMinutes(1)).Open(true, _warnings.Add, CancellationToken.None)!;
        StatusHistoryEntry? posted = store.RecordCancelled("zaap-m-q", DateTimeOffset.Now);
        Assert.Null(store.RecordCancelled("zaap-unknown", DateTimeOffset.Now));
        Assert.Null(store.RecordCancelled("zaap-m-q", DateTimeOffset.Now));

        Assert.Equal((StatusHistoryOutcome.Posted, "m-q"), (posted!.Outcome, posted.MessageId));
        IReadOnlyList<TableEntity> entities = await table.QueryAsync(null, CancellationToken.None);
        TableEntity cancelled = entities.Single(e => e.GetString("MessageId") == "m-q");
        Assert.Equal(("Cancelled", "zaap-m-q", 1), (cancelled.GetString("State"), cancelled.GetString("ZaapId"), cancelled.GetInt32("FormatVersion")));
        Assert.NotNull(cancelled.GetDateTime("At"));
        Assert.Equal("Posted", entities.Single(e => e.GetString("MessageId") == "m-o").GetString("State"));
    }

    [SkippableFact]
    public async Task An_entity_of_a_newer_format_stops_and_a_damaged_one_counts_as_in_doubt()
    {
        TableClient table = await NewTableAsync();
        StatusIdentity newer = StatusIdentity.Of("i1", Text("newer"));
        StatusIdentity damaged = StatusIdentity.Of("i1", Text("damaged"));
        await table.InsertAsync(new TableEntity(TableEntryFormat.PartitionKeyOf("i1"), newer.Key.ToString()).Set("FormatVersion", 2).Set("State", "Posted"), CancellationToken.None);
        await table.InsertAsync(new TableEntity(TableEntryFormat.PartitionKeyOf("i1"), damaged.Key.ToString()).Set("FormatVersion", 1).Set("State", "Gone"), CancellationToken.None);
        using HistorySession history = Open(table);

        Assert.Equal(ZApiErrorId.HistoryFormatUnsupported, Assert.Throws<ZApiException>(() => history.Check(Text("newer"))).ErrorId);
        HistoryCheck check = history.Check(Text("damaged"))!;
        Assert.Equal(HistoryVerdict.InDoubt, check.Verdict);
        history.ShowHeldWarnings();
        Assert.Contains(_warnings, w => w.Contains("is damaged", StringComparison.Ordinal) && w.Contains(damaged.Key.ToString(), StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_table_that_does_not_exist_or_a_SAS_of_another_table_stops_at_open_before_anything_is_posted()
    {
        Skip.If(AzuriteTable.Instance == null, AzuriteTable.Unavailable);
        Uri missing = new(AzuriteTable.Instance!.Endpoint, "nosuchtable");
        string sas = AzuriteTable.TableSas("nosuchtable");
        var client = new TableClient(TableAddress.Parse(missing.AbsoluteUri, "test"), new SasCredential(sas), new HttpClient());
        var notFound = Assert.Throws<ZApiException>(() => HistoryLocation.Table(client, TimeSpan.FromMinutes(1)).Open(false, _warnings.Add, CancellationToken.None));
        Assert.Contains("does not exist", notFound.Message);
        Assert.EndsWith("Nothing was posted.", notFound.Message);

        TableClient other = await NewTableAsync();
        var wrongSas = new TableClient(TableAddress.Parse(new Uri(AzuriteTable.Instance.Endpoint, "history").AbsoluteUri, "test"),
            new SasCredential(AzuriteTable.TableSas(other.Name.Split('/')[^1])), new HttpClient());
        var refused = Assert.Throws<ZApiException>(() => HistoryLocation.Table(wrongSas, TimeSpan.FromMinutes(1)).Open(true, _warnings.Add, CancellationToken.None));
        Assert.Contains("refused a SAS (HTTP 403", refused.Message);
        Assert.DoesNotContain("sig=", refused.Message);
    }
}
