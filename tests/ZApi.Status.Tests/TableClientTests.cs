using System.Collections.Concurrent;
using System.Text;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Tables;

namespace ZApi.Status.Tests;

/// <summary>
/// The Table REST layer without PowerShell or Azure: what each operation sends, byte for byte where it matters
/// (a weak ETag goes back verbatim, continuation tokens are followed), and how it reads 409, 412, 404, 403 and
/// throttling, against a loopback server that answers as scripted and records every request head.
/// </summary>
public sealed class TableClientTests : IDisposable
{
    private const string Sas = "sv=2019-02-02&tn=history&sp=raud&se=2030-01-01T00%3A00%3A00Z&sig=S3cr3t%2BSig%3D";
    private const string WeakETag = "W/\"datetime'2026-12-06T08%3A05%3A43.6885815Z'\"";
    private readonly ConcurrentQueue<string> _heads = new();
    private readonly ConcurrentQueue<Func<string, string>> _answers = new();
    private readonly RawHttpServer _server;
    private readonly List<string> _retries = new();

    public TableClientTests()
    {
        _server = new RawHttpServer(async (head, stream, cancel) =>
        {
            _heads.Enqueue(head);
            string response = _answers.TryDequeue(out Func<string, string>? answer) ? answer(head) : Answer(500, "{}");
            if (response.Length == 0)
            {
                await Task.Delay(Timeout.Infinite, cancel); // silence
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(response), cancel);
        });
    }

    public void Dispose() => _server.Dispose();

    private TableClient Client(TableCredential? credential = null, int retries = 2, TimeSpan? requestTime = null) =>
        new(TableAddress.Parse(new Uri(_server.BaseUri, "devstoreaccount1/history").AbsoluteUri, "-HistoryTableUri"), credential ?? new SasCredential(Sas),
            new HttpClient(), new TableRetry(retries, TimeSpan.FromMilliseconds(20), requestTime ?? TimeSpan.FromSeconds(10)))
        { Retrying = _retries.Add };

    private void Then(int status, string body = "", string headers = "") => _answers.Enqueue(_ => Answer(status, body, headers));

    private static string Answer(int status, string body, string headers = "") =>
        $"HTTP/1.1 {status} X\r\nContent-Type: application/json;odata=nometadata\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{headers}Connection: close\r\n\r\n{body}";

    private static string Error(string code) => "{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"" + code + " said.\\nRequestId:1\"}}}";

    private static string Header(string head, string name) =>
        head.Split("\r\n").Single(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Substring(name.Length + 1).Trim();

    private static string RequestLine(string head) => head.Split("\r\n")[0];

    private static TableEntity Entity() => new TableEntity("p1", "r1").Set("State", "InFlight").Set("At", new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567));

    [Fact]
    public async Task An_insert_sends_the_entity_with_the_SAS_the_version_and_no_content_wanted_and_keeps_the_weak_ETag_as_sent()
    {
        Then(204, headers: $"ETag: {WeakETag}\r\n");

        TableWrite write = await Client().InsertAsync(Entity(), CancellationToken.None);

        Assert.Equal((TableWriteResult.Written, WeakETag), (write.Result, write.ETag));
        string head = Assert.Single(_heads);
        Assert.Equal("POST /devstoreaccount1/history?" + Sas + " HTTP/1.1", RequestLine(head));
        Assert.Equal("2019-02-02", Header(head, "x-ms-version"));
        Assert.Equal("application/json;odata=nometadata", Header(head, "Accept"));
        Assert.Equal("return-no-content", Header(head, "Prefer"));
        Assert.Equal("application/json", Header(head, "Content-Type"));
        Assert.DoesNotContain("Authorization", head);
    }

    [Fact]
    public async Task A_weak_ETag_read_with_an_entity_goes_back_byte_for_byte_in_If_Match()
    {
        Then(200, "{\"PartitionKey\":\"p1\",\"RowKey\":\"r1\",\"State\":\"InFlight\",\"At\":\"2026-11-27T08:00:00.1234567Z\",\"FormatVersion\":1}", $"ETag: {WeakETag}\r\n");
        Then(204, headers: "ETag: W/\"datetime'2026-12-06T08%3A05%3A44Z'\"\r\n");
        TableClient client = Client();

        TableEntity read = (await client.GetAsync("p1", "r1", CancellationToken.None))!;
        TableWrite write = await client.ReplaceAsync(read.Set("State", "Posted"), read.ETag!, CancellationToken.None);

        Assert.Equal((WeakETag, 1, new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567)), (read.ETag, read.GetInt32("FormatVersion"), read.GetDateTime("At")));
        string[] heads = _heads.ToArray();
        Assert.Equal("GET /devstoreaccount1/history(PartitionKey='p1',RowKey='r1')?" + Sas + " HTTP/1.1", RequestLine(heads[0]));
        Assert.StartsWith("PUT /devstoreaccount1/history(PartitionKey='p1',RowKey='r1')?", RequestLine(heads[1]));
        Assert.Equal(WeakETag, Header(heads[1], "If-Match"));
        Assert.Equal(TableWriteResult.Written, write.Result);
    }

    [Fact]
    public async Task A_query_follows_the_continuation_tokens_until_there_are_none()
    {
        Then(200, "{\"value\":[{\"PartitionKey\":\"p\",\"RowKey\":\"a\"},{\"PartitionKey\":\"p\",\"RowKey\":\"b\"}]}",
            "x-ms-continuation-NextPartitionKey: 1!4!cA--\r\nx-ms-continuation-NextRowKey: 1!4!Yw==\r\n");
        Then(200, "{\"value\":[{\"PartitionKey\":\"p\",\"RowKey\":\"c\"}]}");

        IReadOnlyList<TableEntity> all = await Client().QueryAsync("PartitionKey eq 'p'", CancellationToken.None);

        Assert.Equal(new[] { "a", "b", "c" }, all.Select(e => e.RowKey));
        string[] lines = _heads.Select(RequestLine).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal("GET /devstoreaccount1/history()?$filter=PartitionKey%20eq%20%27p%27&" + Sas + " HTTP/1.1", lines[0]);
        Assert.Contains("&NextPartitionKey=1%214%21cA--&NextRowKey=1%214%21Yw%3D%3D&", lines[1]);
    }

    [Fact]
    public async Task A_409_a_412_and_a_missing_entity_are_answers_not_failures()
    {
        Then(409, Error("EntityAlreadyExists"));
        Then(412, Error("UpdateConditionNotSatisfied"));
        Then(404, Error("ResourceNotFound"));
        Then(404, Error("ResourceNotFound"));
        TableClient client = Client();

        Assert.Equal(TableWriteResult.AlreadyExists, (await client.InsertAsync(Entity(), CancellationToken.None)).Result);
        Assert.Equal(TableWriteResult.Changed, (await client.ReplaceAsync(Entity(), WeakETag, CancellationToken.None)).Result);
        Assert.Equal(TableWriteResult.Missing, (await client.ReplaceAsync(Entity(), WeakETag, CancellationToken.None)).Result);
        Assert.Null(await client.GetAsync("p1", "r1", CancellationToken.None));
        Assert.Equal(4, _heads.Count);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_said_and_gives_up_after_the_retries_naming_the_table_without_its_SAS()
    {
        Then(503, Error("ServerBusy"));
        Then(503, Error("ServerBusy"));
        Then(204, headers: $"ETag: {WeakETag}\r\n");
        Assert.Equal(TableWriteResult.Written, (await Client().InsertAsync(Entity(), CancellationToken.None)).Result);
        Assert.Equal(2, _retries.Count);
        Assert.Contains("HTTP 503 ServerBusy", _retries[0]);

        for (int i = 0; i < 3; i++)
        {
            Then(503, Error("ServerBusy"));
        }

        var error = await Assert.ThrowsAsync<ZApiException>(() => Client().InsertAsync(Entity(), CancellationToken.None));
        Assert.Equal((ZApiErrorId.HistoryUnavailable, 503), (error.ErrorId, error.StatusCode));
        Assert.Contains("/devstoreaccount1/history'", error.Message);
        Assert.Contains("ServerBusy", error.Message);
        AssertNoSecret(error.Message + string.Join(" ", _retries));
        Assert.Equal(6, _heads.Count);
    }

    [Fact]
    public async Task Silence_counts_as_a_failed_attempt_and_is_retried_within_its_bounds()
    {
        _answers.Enqueue(_ => string.Empty);
        _answers.Enqueue(_ => string.Empty);

        var error = await Assert.ThrowsAsync<ZApiException>(() => Client(retries: 1, requestTime: TimeSpan.FromMilliseconds(300)).GetAsync("p", "r", CancellationToken.None));

        Assert.Contains("no answer within 0.3 s (2 attempts)", error.Message);
        // One retry said, and no third attempt. The server's count of heads is no proof of the second: under load it
        // can miss a request the client has already given up on.
        Assert.Contains("failed (no answer within 0.3 s); trying again", Assert.Single(_retries));
        Assert.InRange(_heads.Count, 1, 2);
    }

    [Fact]
    public async Task Ctrl_C_ends_the_opening_check_of_a_silent_table_at_once_instead_of_after_its_timeouts_and_retries()
    {
        for (int i = 0; i < 3; i++)
        {
            _answers.Enqueue(_ => string.Empty);
        }

        using var ctrlC = new CancellationTokenSource();
        TableClient table = Client(retries: 2, requestTime: TimeSpan.FromSeconds(10));
        Task<TableHistoryStore> opening = Task.Run(() => TableHistoryStore.Open(table, TimeSpan.FromMinutes(5), _ => { }, ctrlC.Token));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(opening.IsCompleted, "the table is silent: the check waits");

        ctrlC.Cancel();
        // Three silent attempts of 10 s each would hold it for half a minute; generous for a loaded machine.
        Task first = await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(opening, first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening);
    }

    [Theory]
    [InlineData(403, "AuthorizationFailure", "refused a SAS")]
    [InlineData(404, "TableNotFound", "does not exist")]
    public async Task A_refusal_or_a_missing_table_is_HistoryUnavailable_at_once_naming_the_table_but_never_the_SAS(int status, string code, string said)
    {
        Then(status, Error(code));

        var error = await Assert.ThrowsAsync<ZApiException>(() => Client().CheckAsync(CancellationToken.None));

        Assert.Equal(ZApiErrorId.HistoryUnavailable, error.ErrorId);
        Assert.Contains(said, error.Message);
        Assert.Contains(code, error.Message);
        Assert.Contains($"'{_server.BaseUri}devstoreaccount1/history'", error.Message);
        AssertNoSecret(error.Message);
        Assert.Single(_heads);
    }

    [Fact]
    public async Task A_bearer_token_travels_in_the_Authorization_header_with_the_version_that_takes_it()
    {
        Then(200, "{\"value\":[]}");

        await Client(new BearerCredential("eyJ0eXAi.T0KEN")).CheckAsync(CancellationToken.None);

        string head = Assert.Single(_heads);
        Assert.Equal("Bearer eyJ0eXAi.T0KEN", Header(head, "Authorization"));
        Assert.Equal("2019-02-02", Header(head, "x-ms-version"));
        Assert.Equal("GET /devstoreaccount1/history()?$top=1 HTTP/1.1", RequestLine(head));
    }

    [Theory]
    [InlineData("3C01A7B2E9", "3C01A7B2E9")]
    [InlineData("inst/1", "inst~2F1")]
    [InlineData("a\\b#c?d'e", "a~5Cb~23c~3Fd~27e")]
    [InlineData("tab\tnew\nline", "tab~09new~0Aline")]
    [InlineData("til~de", "til~7Ede")]
    [InlineData("ação", "a~C3~A7~C3~A3o")]
    public void Partition_keys_keep_only_what_a_table_key_and_a_URL_take_and_stay_distinct(string instanceId, string partition)
    {
        Assert.Equal(partition, TableEntryFormat.PartitionKeyOf(instanceId));
        Assert.Matches("^[A-Za-z0-9._~-]*$", partition);
    }

    [Fact]
    public void Distinct_instance_ids_never_share_a_partition()
    {
        string[] ids = { "a/", "a~2F", "a~", "a", "A", "a.", "a-", "a_" };
        Assert.Equal(ids.Length, ids.Select(TableEntryFormat.PartitionKeyOf).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("https://acct.table.core.windows.net/statushistory", "https://acct.table.core.windows.net/", "statushistory", null)]
    [InlineData("https://acct.table.core.windows.net/statushistory/?sv=2019-02-02&sig=abc%2B", "https://acct.table.core.windows.net/", "statushistory", "sv=2019-02-02&sig=abc%2B")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/history", "http://127.0.0.1:10002/devstoreaccount1/", "history", null)]
    public void A_table_URL_is_read_as_the_portal_gives_it_with_the_SAS_kept_apart(string text, string endpoint, string table, string? sas)
    {
        TableAddress address = TableAddress.Parse(text, "-HistoryTableUri");
        Assert.Equal((endpoint, table, sas), (address.Endpoint.AbsoluteUri, address.TableName, address.Sas));
        Assert.Equal(endpoint + table, address.Name);
    }

    [Theory]
    [InlineData("ftp://acct.table.core.windows.net/history?sig=S3CRET")]
    [InlineData("https://acct.table.core.windows.net/?sig=S3CRET")]
    [InlineData("https://acct.table.core.windows.net/history?sv=1&se=S3CRET")]
    [InlineData("https://user:S3CRET@acct.table.core.windows.net/history")]
    [InlineData("not a url S3CRET?")]
    public void A_URL_that_is_no_table_is_refused_without_showing_its_query_or_password(string text)
    {
        var error = Assert.Throws<ZApiException>(() => TableAddress.Parse(text, "ZAPI_HISTORY_TABLE_URI"));
        Assert.Equal(ZApiErrorId.HistoryUnavailable, error.ErrorId);
        Assert.StartsWith("ZAPI_HISTORY_TABLE_URI ", error.Message);
        Assert.DoesNotContain("S3CRET", error.Message);
    }

    [Fact]
    public void Every_form_of_a_SAS_is_masked()
    {
        var redactor = new SecretRedactor(SecretRedactor.FormsOfSas("?" + Sas));
        string signature = "S3cr3t+Sig=";
        foreach (string form in new[] { Sas, "S3cr3t%2BSig%3D", signature, Uri.EscapeDataString(signature).ToLowerInvariant(),
                     Convert.ToBase64String(Encoding.UTF8.GetBytes(Sas)), Convert.ToBase64String(Encoding.UTF8.GetBytes(signature)) })
        {
            Assert.Equal("[***]", redactor.Redact("[" + form + "]"));
        }
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain("S3cr3t", text);
        Assert.DoesNotContain("sig=", text);
    }
}
