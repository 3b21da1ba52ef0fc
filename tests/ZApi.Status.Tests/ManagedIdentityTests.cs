using System.Collections.Concurrent;
using System.Text;
using ZApi.Status.Tables;

namespace ZApi.Status.Tests;

/// <summary>
/// The runbook's managed identity as the token source of a table history: the request Azure Automation's endpoint
/// and a VM's metadata endpoint expect, the token on the table request, the cache, and no secret in a failure.
/// Both endpoints are loopback servers of the test's own.
/// </summary>
public sealed class ManagedIdentityTests : IDisposable
{
    private const string IdentityHeader = "id-h3ader-S3CRET";
    private readonly ConcurrentQueue<string> _tokenRequests = new();
    private readonly ConcurrentQueue<string> _tableRequests = new();
    private readonly RawHttpServer _identity;
    private readonly RawHttpServer _table;
    private string _tokenAnswer = Body("eyJ.access-T0KEN-1", DateTimeOffset.UtcNow.AddHours(1));
    private int _tokenStatus = 200;

    public ManagedIdentityTests()
    {
        ManagedIdentityCredential.ClearCache();
        _identity = new RawHttpServer((head, stream, cancel) =>
        {
            _tokenRequests.Enqueue(head);
            return RawHttpServer.Answer(_tokenStatus, _tokenAnswer)(head, stream, cancel);
        });
        _table = new RawHttpServer((head, stream, cancel) =>
        {
            _tableRequests.Enqueue(head);
            return RawHttpServer.Answer(200, "{\"value\":[]}")(head, stream, cancel);
        });
    }

    public void Dispose()
    {
        _identity.Dispose();
        _table.Dispose();
        ManagedIdentityCredential.ClearCache();
    }

    private static string Body(string token, DateTimeOffset expiresOn) =>
        "{\"access_token\":\"" + token + "\",\"expires_on\":\"" + expiresOn.ToUnixTimeSeconds() + "\",\"resource\":\"https://storage.azure.com/\",\"token_type\":\"Bearer\"}";

    private Func<string, string?> Automation => name => name switch
    {
        "IDENTITY_ENDPOINT" => new Uri(_identity.BaseUri, "msi/token").AbsoluteUri,
        "IDENTITY_HEADER" => IdentityHeader,
        _ => null,
    };

    private Task CheckTableAsync(TableCredential credential) =>
        new TableClient(TableAddress.Parse(new Uri(_table.BaseUri, "devstoreaccount1/history").AbsoluteUri, "test"), credential, new HttpClient()).CheckAsync(CancellationToken.None);

    private static string Header(string head, string name) =>
        head.Split("\r\n").Single(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Substring(name.Length + 1).Trim();

    [Fact]
    public async Task Azure_Automations_endpoint_is_asked_for_a_storage_token_with_its_header_and_the_table_gets_it_as_a_bearer()
    {
        ManagedIdentityCredential credential = ManagedIdentityCredential.FromEnvironment(Automation);

        await CheckTableAsync(credential);

        string tokenRequest = Assert.Single(_tokenRequests);
        Assert.Equal("GET /msi/token?resource=https%3A%2F%2Fstorage.azure.com%2F&api-version=2019-08-01 HTTP/1.1", tokenRequest.Split("\r\n")[0]);
        Assert.Equal(IdentityHeader, Header(tokenRequest, "X-IDENTITY-HEADER"));
        string tableRequest = Assert.Single(_tableRequests);
        Assert.Equal("Bearer eyJ.access-T0KEN-1", Header(tableRequest, "Authorization"));
        Assert.DoesNotContain(IdentityHeader, tableRequest);
    }

    [Fact]
    public async Task A_token_is_kept_until_shortly_before_it_expires()
    {
        await CheckTableAsync(ManagedIdentityCredential.FromEnvironment(Automation));
        await CheckTableAsync(ManagedIdentityCredential.FromEnvironment(Automation));
        Assert.Single(_tokenRequests);

        ManagedIdentityCredential.ClearCache();
        _tokenAnswer = Body("eyJ.access-T0KEN-2", DateTimeOffset.UtcNow.AddMinutes(4));
        await CheckTableAsync(ManagedIdentityCredential.FromEnvironment(Automation));
        await CheckTableAsync(ManagedIdentityCredential.FromEnvironment(Automation));
        Assert.Equal(3, _tokenRequests.Count);
        Assert.All(_tableRequests.Skip(2), head => Assert.Equal("Bearer eyJ.access-T0KEN-2", Header(head, "Authorization")));
    }

    [Fact]
    public async Task Without_Automations_variables_the_VM_metadata_endpoint_is_asked_with_Metadata_true()
    {
        ManagedIdentityCredential credential = ManagedIdentityCredential.FromEnvironment(name => name == "AZURE_POD_IDENTITY_AUTHORITY_HOST" ? _identity.BaseUri.AbsoluteUri : null);
        _tokenAnswer = "{\"access_token\":\"eyJ.vm-T0KEN\",\"expires_in\":\"3599\",\"expires_on\":\"\"}";

        await CheckTableAsync(credential);

        string tokenRequest = Assert.Single(_tokenRequests);
        Assert.Equal("GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fstorage.azure.com%2F HTTP/1.1", tokenRequest.Split("\r\n")[0]);
        Assert.Equal("true", Header(tokenRequest, "Metadata"));
        Assert.Equal("Bearer eyJ.vm-T0KEN", Header(Assert.Single(_tableRequests), "Authorization"));
    }

    [Fact]
    public async Task An_identity_that_gives_no_token_is_HistoryUnavailable_that_says_what_to_do_and_shows_no_secret()
    {
        _tokenStatus = 400;
        _tokenAnswer = "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found; header was " + IdentityHeader + "\"}";

        var error = await Assert.ThrowsAsync<ZApiException>(() => CheckTableAsync(ManagedIdentityCredential.FromEnvironment(Automation)));

        Assert.Equal(ZApiErrorId.HistoryUnavailable, error.ErrorId);
        Assert.Contains("Azure Automation", error.Message);
        Assert.Contains("HTTP 400", error.Message);
        Assert.Contains("Storage Table Data Contributor", error.Message);
        Assert.Contains("/devstoreaccount1/history'", error.Message);
        Assert.DoesNotContain(IdentityHeader, error.ToString());
        Assert.Empty(_tableRequests);
    }
}
