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

    /// <summary>Every configured fault out of its range, each named by its configuration key; empty when all are valid.</summary>
    public IEnumerable<string> Problems() =>
        Faults.Problems().Select(p => $"{Section}:{nameof(Faults)}:{p.Field} {p.Problem}.")
            .Concat(Instances.SelectMany((instance, i) => instance.Faults.Problems().Select(p => $"{Section}:{nameof(Instances)}:{i}:{nameof(Faults)}:{p.Field} {p.Problem}.")));

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
