namespace ZApi.Sandbox;

/// <summary>
/// The sandbox's configuration, section "Sandbox": one instance from the flat keys (InstanceId, Token, ClientToken,
/// Faults), further ones under Instances:N. Anything ASP.NET Core reads configuration from works: appsettings.json,
/// environment variables (Sandbox__InstanceId), the command line (--Sandbox:InstanceId=i1).
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";
    public const string DefaultInstanceId = "sandbox";
    public const string DefaultToken = "sandbox-token";
    public const string DefaultClientToken = "sandbox-client-token";

    public string? InstanceId { get; set; }

    public string? Token { get; set; }

    public string? ClientToken { get; set; }

    public SandboxFaults Faults { get; set; } = new();

    public List<SandboxInstance> Instances { get; set; } = new();

    /// <summary>Where received media and the status index are kept, so a restart loses nothing.</summary>
    public string? DataPath { get; set; }

    /// <summary>The largest request body accepted; a 40 MB image is 54 MB of Base64.</summary>
    public long MaxRequestBodyBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>The instances to serve: the flat keys' one (with the documented defaults) and the listed ones.</summary>
    public IReadOnlyList<SandboxInstance> AllInstances()
    {
        var all = new List<SandboxInstance>();
        if (InstanceId != null || Instances.Count == 0)
        {
            all.Add(new SandboxInstance
            {
                InstanceId = InstanceId ?? DefaultInstanceId,
                Token = Token ?? DefaultToken,
                ClientToken = ClientToken ?? DefaultClientToken,
                Faults = Faults,
            });
        }

        all.AddRange(Instances);
        return all;
    }

    /// <summary>True when no DataPath was configured: every such run shares the per-user folder.</summary>
    public bool UsesDefaultDataPath => string.IsNullOrEmpty(DataPath);

    public string ResolveDataPath() =>
        UsesDefaultDataPath
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ZApi.Sandbox")
            : DataPath!;
}

public sealed class SandboxInstance
{
    public string InstanceId { get; set; } = "";

    public string Token { get; set; } = "";

    public string ClientToken { get; set; } = "";

    public SandboxFaults Faults { get; set; } = new();
}

/// <summary>Misbehaviour on purpose, per instance. Counts apply to the next N send requests.</summary>
public sealed class SandboxFaults
{
    /// <summary>Answer 429 to the next N sends.</summary>
    public int RateLimitCount { get; set; }

    /// <summary>The Retry-After seconds sent with a 429; null sends none.</summary>
    public int? RetryAfterSec { get; set; } = 1;

    /// <summary>Send Retry-After as an HTTP date (now + RetryAfterSec) instead of seconds; both forms are legal.</summary>
    public bool RetryAfterAsDate { get; set; }

    /// <summary>Store the next N statuses, then answer 500: the case where the outcome is unknown to the client.</summary>
    public int ServerErrorAfterStoreCount { get; set; }

    /// <summary>Store the next N statuses, then drop the connection without an answer.</summary>
    public int DropConnectionCount { get; set; }

    /// <summary>Wait this long before answering any request.</summary>
    public double DelaySec { get; set; }

    /// <summary>Answer as Z-API does when the phone is offline: "You are not connected."</summary>
    public bool Disconnected { get; set; }

    /// <summary>The instance is connected but its phone is not: the status route says so, and sends are queued as Z-API does.</summary>
    public bool PhoneOffline { get; set; }

    public SandboxFaults Copy() => (SandboxFaults)MemberwiseClone();
}
