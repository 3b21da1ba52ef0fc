using System.Globalization;
using System.Text.Json.Serialization;

namespace ZApi.Sandbox;

/// <summary>
/// One waiting message as Z-API's queue routes list it, field for field as its documentation names them (PascalCase,
/// and "_id"). For a status, the sandbox fills Phone with WhatsApp's status address and Message with the text, or the
/// caption of an image or video (empty without one): Z-API documents neither for statuses.
/// </summary>
public sealed record QueuedMessage(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("DelayMessage")] int DelayMessage,
    [property: JsonPropertyName("Message")] string Message,
    [property: JsonPropertyName("InstanceId")] string InstanceId,
    [property: JsonPropertyName("Phone")] string Phone,
    [property: JsonPropertyName("ZaapId")] string ZaapId,
    [property: JsonPropertyName("DelayTyping")] int DelayTyping,
    [property: JsonPropertyName("MessageId")] string MessageId,
    [property: JsonPropertyName("Created")] long Created,
    [property: JsonPropertyName("CreatedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CreatedAt,
    [property: JsonPropertyName("Beta"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Beta,
    [property: JsonPropertyName("IsTrial")] bool IsTrial)
{
    /// <summary>Where WhatsApp sends a status: to every contact, through this broadcast address.</summary>
    public const string StatusPhone = "status@broadcast";

    /// <summary>
    /// A queued status as POST /queue lists it; <paramref name="deprecatedRoute"/> leaves out CreatedAt and Beta, which
    /// the documentation of the older GET /queue does not name.
    /// </summary>
    public static QueuedMessage From(StatusRecord status, bool deprecatedRoute = false) => new(
        status.ZaapId,
        DelayMessage: -1, // no delayMessage was asked for: Z-API's own spacing applies
        status.Kind == "text" ? status.Message ?? "" : status.Caption ?? "",
        status.InstanceId,
        StatusPhone,
        status.ZaapId,
        DelayTyping: 0,
        status.Id,
        status.ReceivedAt.ToUnixTimeMilliseconds(),
        deprecatedRoute ? null : status.ReceivedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        deprecatedRoute ? null : false,
        IsTrial: false);
}
