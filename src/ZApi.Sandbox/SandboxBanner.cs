using System.Text.RegularExpressions;

namespace ZApi.Sandbox;

/// <summary>
/// What the sandbox prints when it starts: where it listens, the line that connects PowerShell to it, and where it
/// keeps what it receives. Scripts read it too: the first line gives the address, the last one ends the banner.
/// </summary>
public static partial class SandboxBanner
{
    public const string ListeningPrefix = "ZApi.Sandbox listening on ";
    public const string LastLine = "Press Ctrl+C to stop.";

    /// <param name="waitingCount">Statuses kept in the queue because their instance's phone is still offline.</param>
    public static IEnumerable<string> Lines(SandboxOptions options, IReadOnlyList<string> addresses, int liveStatusCount, int waitingCount = 0)
    {
        foreach (string address in addresses)
        {
            yield return ListeningPrefix + address;
        }

        string baseUri = ConnectableUri(addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? SandboxApp.DefaultUrl);
        yield return $"Gallery: {baseUri}/";
        yield return "Connect PowerShell to it (paste after Import-Module ZApi.Status):";
        foreach (SandboxInstance instance in options.AllInstances())
        {
            // The sandbox's own made-up credentials, printed on purpose: nothing here reaches Z-API.
            yield return $"  Set-ZApiConnection -InstanceId {Quote(instance.InstanceId)} -Token {Quote(instance.Token)} -ClientToken {Quote(instance.ClientToken)} -BaseUri {baseUri}";
        }

        yield return "Data: " + options.ResolveDataPath();
        string kept = liveStatusCount switch
        {
            0 => waitingCount == 0 ? "the gallery starts empty" : "no live status kept",
            1 => "1 live status kept from an earlier run",
            _ => $"{liveStatusCount} live statuses kept from earlier runs",
        };
        if (waitingCount > 0)
        {
            kept += waitingCount == 1 ? ", 1 waiting for the phone" : $", {waitingCount} waiting for the phone";
        }

        yield return options.UsesDefaultDataPath
            ? $"  the per-user default, shared by every sandbox started without --Sandbox:DataPath=<folder>; {kept}"
            : "  " + kept;
        yield return LastLine;
    }

    /// <summary>A listening address a client can connect to: a wildcard host (all interfaces) becomes the loopback.</summary>
    public static string ConnectableUri(string address) =>
        WildcardHost().Replace(address.TrimEnd('/'), "${scheme}127.0.0.1");

    /// <summary>A PowerShell argument: bare when that is unambiguous, else single-quoted.</summary>
    public static string Quote(string value) =>
        SafeBareWord().IsMatch(value) ? value : "'" + value.Replace("'", "''") + "'";

    [GeneratedRegex(@"^(?<scheme>[a-z]+://)(0\.0\.0\.0|\[::\]|\+|\*)(?=[:/]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex WildcardHost();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeBareWord();
}
