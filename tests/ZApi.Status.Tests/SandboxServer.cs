using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Text;
using System.Text.Json;
using ZApi.Sandbox;

namespace ZApi.Status.Tests;

/// <summary>A real ZApi.Sandbox on a free loopback port with its own data folder, for one test class.</summary>
public sealed class SandboxServer : IAsyncLifetime
{
    public const string InstanceId = "test-instance";
    public const string Token = "route-token-S3CRET";
    public const string ClientToken = "client-token-S3CRET";

    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>This sandbox's own folder: received media and the status index.</summary>
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "zapi-sandbox-tests-" + Guid.NewGuid().ToString("N"));

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        _app = SandboxApp.Create(new[]
        {
            "--urls", "http://127.0.0.1:0",
            $"--Sandbox:InstanceId={InstanceId}", $"--Sandbox:Token={Token}", $"--Sandbox:ClientToken={ClientToken}",
            $"--Sandbox:DataPath={DataPath}",
        });
        await _app.StartAsync();
        BaseUri = new Uri(_app.Addresses().First() + "/");
        Http.BaseAddress = BaseUri;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app != null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(DataPath, recursive: true);
    }

    /// <param name="baseUri">Another server to send the sandbox's credentials to (one that refuses or never answers).</param>
    public ZApiConnection Connection(string? clientToken = null, string? token = null, int timeoutSec = 100, Uri? baseUri = null) =>
        new(InstanceId, Secure(token ?? Token), Secure(clientToken ?? ClientToken), baseUri ?? BaseUri, timeoutSec);

    public static SecureString Secure(string text) => ZApiConnection.ToSecureString(text);

    public async Task ResetAsync(SandboxFaults? faults = null)
    {
        await Http.DeleteAsync("_sandbox/statuses");
        await Http.DeleteAsync("_sandbox/requests");
        await SetFaultsAsync(faults ?? new SandboxFaults());
    }

    public async Task SetFaultsAsync(SandboxFaults faults) =>
        (await Http.PutAsJsonAsync($"_sandbox/instances/{InstanceId}/faults", faults)).EnsureSuccessStatusCode();

    /// <summary>A Z-API route of this sandbox's instance, relative to <see cref="BaseUri"/>.</summary>
    public static string Route(string action, string instance = InstanceId, string token = Token) =>
        $"instances/{instance}/token/{token}/{action}";

    /// <summary>One request as a Z-API client sends it: the Client-Token header and, when given, a JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string route, string? json = null,
        string? clientToken = ClientToken, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, route);
        if (clientToken != null)
        {
            request.Headers.Add("Client-Token", clientToken);
        }

        if (json != null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<StatusRecord[]> StatusesAsync() => (await Http.GetFromJsonAsync<StatusRecord[]>("_sandbox/statuses"))!;

    public async Task<RequestRecord[]> RequestsAsync() => (await Http.GetFromJsonAsync<RequestRecord[]>("_sandbox/requests"))!;
}
