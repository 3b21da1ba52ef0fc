using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZApi.Sandbox;

/// <summary>
/// Misbehaviour on purpose, per instance. Counts apply to the next N send requests. Every field has a range, checked
/// where faults come in (the configuration at start, PUT /_sandbox/instances/{id}/faults at run time), so that a fault
/// can make the sandbox misbehave only in the way it names.
/// </summary>
public sealed class SandboxFaults
{
    public const int MaximumCount = 1_000_000;
    public const int MaximumRetryAfterSec = 86_400;
    public const double MaximumDelaySec = 3_600;

    private const string CountRange = "an integer from 0 to 1000000";
    private const string Switch = "true or false";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly FaultField[] Fields =
    {
        new(nameof(RateLimitCount), CountRange, f => IsCount(f.RateLimitCount), f => f.RateLimitCount),
        new(nameof(RetryAfterSec), "null or an integer from 0 to 86400 (seconds)", f => f.RetryAfterSec is null or (>= 0 and <= MaximumRetryAfterSec), f => f.RetryAfterSec),
        new(nameof(RetryAfterAsDate), Switch, _ => true, f => f.RetryAfterAsDate),
        new(nameof(ServerErrorAfterStoreCount), CountRange, f => IsCount(f.ServerErrorAfterStoreCount), f => f.ServerErrorAfterStoreCount),
        new(nameof(DropConnectionCount), CountRange, f => IsCount(f.DropConnectionCount), f => f.DropConnectionCount),
        new(nameof(DelaySec), "a number of seconds from 0 to 3600", f => f.DelaySec is >= 0 and <= MaximumDelaySec, f => f.DelaySec),
        new(nameof(Disconnected), Switch, _ => true, f => f.Disconnected),
        new(nameof(PhoneOffline), Switch, _ => true, f => f.PhoneOffline),
    };

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

    /// <summary>Answer as Z-API does when the instance is not connected: "You are not connected."</summary>
    public bool Disconnected { get; set; }

    /// <summary>
    /// The instance is connected but its phone is not: the status route says so, and sends are answered with their ids
    /// but wait in the queue, as Z-API holds them, until the phone is back.
    /// </summary>
    public bool PhoneOffline { get; set; }

    /// <summary>Whether the phone takes statuses now; while it does not, they wait in the queue.</summary>
    [JsonIgnore]
    public bool PhoneOnline => !Disconnected && !PhoneOffline;

    public SandboxFaults Copy() => (SandboxFaults)MemberwiseClone();

    /// <summary>Every field out of its range, by property name, with the value and the range; empty when all are in range.</summary>
    public IEnumerable<(string Field, string Problem)> Problems() =>
        Fields.Where(f => !f.InRange(this)).Select(f => (f.Name, $"is {Shown(f.Value(this))}: it must be {f.Range}"));

    /// <summary>
    /// Faults from a request body: a JSON object of known fields (any case), each in its range. Null and the faults
    /// when it is; otherwise the sentence a 400 answer carries, naming the field and its range.
    /// </summary>
    public static string? TryRead(JsonElement body, out SandboxFaults faults)
    {
        faults = new SandboxFaults();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return $"The faults must be a JSON object with any of: {FieldList}.";
        }

        foreach (JsonProperty property in body.EnumerateObject())
        {
            if (Find(property.Name) == null)
            {
                return $"'{property.Name}' is not a fault; the faults are: {FieldList}.";
            }
        }

        try
        {
            faults = body.Deserialize<SandboxFaults>(Json)!;
        }
        catch (JsonException ex)
        {
            FaultField? field = Find(ex.Path?.Split('.').LastOrDefault() ?? "");
            return field == null ? $"The faults are not valid: {ex.Message}" : $"{JsonName(field.Name)} must be {field.Range}.";
        }

        string[] problems = faults.Problems().Select(p => $"{JsonName(p.Field)} {p.Problem}.").ToArray();
        return problems.Length == 0 ? null : string.Join(" ", problems);
    }

    /// <summary>The field names as JSON spells them, for messages that say what a faults object may hold.</summary>
    public static string FieldList => string.Join(", ", Fields.Select(f => JsonName(f.Name)));

    private static FaultField? Find(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string JsonName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static bool IsCount(int value) => value is >= 0 and <= MaximumCount;

    private static string Shown(object? value) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private sealed record FaultField(string Name, string Range, Func<SandboxFaults, bool> InRange, Func<SandboxFaults, object?> Value);
}
