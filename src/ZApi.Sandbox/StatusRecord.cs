using System.Text.Json.Serialization;

namespace ZApi.Sandbox;

/// <summary>
/// One status as the sandbox received it. A status sent while the phone was offline is <see cref="Queued"/>, as Z-API
/// holds it, until the phone is back; it then goes live at <see cref="PublishedAt"/>, and its 24 hours start there.
/// </summary>
public sealed record StatusRecord(
    string Id,
    string ZaapId,
    string InstanceId,
    string Kind,
    string? MimeType,
    long ByteCount,
    string? Sha256,
    string? Caption,
    string? Message,
    string? Link,
    DateTimeOffset ReceivedAt,
    bool Queued = false,
    DateTimeOffset? PublishedAt = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// The longest caption, text message or link the sandbox takes, in UTF-16 characters. Z-API documents no limit and
    /// WhatsApp shows far less; this one only keeps a runaway input from filling the disk and the gallery page.
    /// </summary>
    public const int MaximumTextLength = 65_536;

    /// <summary>When it went live: on arrival, or when the phone came back for one that waited; null while it waits.</summary>
    [JsonIgnore]
    public DateTimeOffset? LiveSince => Queued ? null : PublishedAt ?? ReceivedAt;

    /// <summary>24 hours after it went live; null while it waits in the queue.</summary>
    public DateTimeOffset? ExpiresAt => LiveSince + Lifetime;
}
