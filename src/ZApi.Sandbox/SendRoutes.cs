using System.Globalization;
using System.Text.Json;
using ZApi.Shared.Sniffing;

namespace ZApi.Sandbox;

/// <summary>
/// send-image-status, send-video-status and send-text-status: the body checked as Z-API checks it, the status stored
/// (live, or waiting in the queue while the phone is offline) and its ids answered; the send faults on purpose.
/// </summary>
public static class SendRoutes
{
    private static readonly Dictionary<string, StatusKind> Kinds = new(StringComparer.Ordinal)
    {
        ["send-image-status"] = new("image", "image", "caption", IsImageDataUri),
        ["send-video-status"] = new("video", "video", "caption", IsVideoDataUri),
        ["send-text-status"] = new("text", "message", null, null),
    };

    private sealed record StatusKind(string Name, string Field, string? CaptionField, Func<string, byte[], bool>? AcceptsMedia);

    public static bool Handles(string action) => Kinds.ContainsKey(action);

    public static async Task AnswerAsync(HttpContext context, InstanceState instance, string action, StatusStore store)
    {
        SandboxFaults faults = instance.Faults;
        if (faults.Disconnected)
        {
            await ZApiRoutes.Error(context, 400, "You are not connected.");
            return;
        }

        if (instance.Take(f => f.RateLimitCount, (f, n) => f.RateLimitCount = n))
        {
            if (faults.RetryAfterSec is int retryAfter)
            {
                context.Response.Headers.RetryAfter = faults.RetryAfterAsDate
                    ? DateTimeOffset.UtcNow.AddSeconds(retryAfter).ToString("R", CultureInfo.InvariantCulture)
                    : retryAfter.ToString(CultureInfo.InvariantCulture);
            }

            await ZApiRoutes.Error(context, 429, "Too Many Requests");
            return;
        }

        if (!ZApiRoutes.HasJsonBody(context))
        {
            await ZApiRoutes.Error(context, 415, "Unsupported Media Type: send Content-Type application/json");
            return;
        }

        StatusKind kind = Kinds[action];
        JsonElement body;
        try
        {
            using JsonDocument document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await ZApiRoutes.Error(context, 400, "The body is not valid JSON");
            return;
        }

        string? value = Text(body, kind.Field);
        if (string.IsNullOrEmpty(value))
        {
            await ZApiRoutes.Error(context, 400, $"{kind.Field} is required");
            return;
        }

        string? caption = kind.CaptionField == null ? null : Text(body, kind.CaptionField);
        bool isLink = kind.AcceptsMedia != null && IsHttpLink(value);
        string? tooLong = TooLong(kind.Field, kind.AcceptsMedia == null || isLink ? value : null) ?? TooLong(kind.CaptionField, caption);
        if (tooLong != null)
        {
            await ZApiRoutes.Error(context, 400, tooLong);
            return;
        }

        string instanceId = instance.Instance.InstanceId;
        bool queued = !faults.PhoneOnline;
        StatusRecord record;
        if (kind.AcceptsMedia == null)
        {
            record = store.Add(instanceId, kind.Name, null, null, null, value, null, queued);
        }
        else if (isLink)
        {
            record = store.Add(instanceId, kind.Name, null, null, caption, null, value, queued);
        }
        else if (TryDecodeDataUri(value, out string? mimeType, out byte[]? media) && kind.AcceptsMedia(mimeType!, media!))
        {
            record = store.Add(instanceId, kind.Name, mimeType, media, caption, null, null, queued);
        }
        else
        {
            await ZApiRoutes.Error(context, 400, $"{kind.Field} must be an http(s) link or a data:<mime>;base64, URI of {(kind.Name == "image" ? "an" : "a")} {kind.Name} of that type");
            return;
        }

        if (queued && instance.Faults.PhoneOnline)
        {
            // The phone came back while this one was being stored: it must not wait for a return that has happened.
            store.PublishQueued(instanceId);
        }

        if (instance.Take(f => f.ServerErrorAfterStoreCount, (f, n) => f.ServerErrorAfterStoreCount = n))
        {
            await ZApiRoutes.Error(context, 500, "Internal Server Error");
            return;
        }

        if (instance.Take(f => f.DropConnectionCount, (f, n) => f.DropConnectionCount = n))
        {
            RequestLogging.MarkDroppedOnPurpose(context);
            context.Abort();
            return;
        }

        await ZApiRoutes.Answer(context, 200, new { zaapId = record.ZaapId, messageId = record.Id, id = record.Id });
    }

    private static string? TooLong(string? field, string? text) =>
        field != null && text != null && text.Length > StatusRecord.MaximumTextLength
            ? string.Create(CultureInfo.InvariantCulture, $"{field} is {text.Length:N0} characters long; the sandbox takes at most {StatusRecord.MaximumTextLength:N0}.")
            : null;

    private static bool IsHttpLink(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool TryDecodeDataUri(string value, out string? mimeType, out byte[]? bytes)
    {
        mimeType = null;
        bytes = null;
        const string Marker = ";base64,";
        int marker = value.IndexOf(Marker, StringComparison.Ordinal);
        if (!value.StartsWith("data:", StringComparison.Ordinal) || marker < 0)
        {
            return false;
        }

        mimeType = value[5..marker];
        try
        {
            bytes = Convert.FromBase64String(value[(marker + Marker.Length)..]);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsImageDataUri(string mimeType, byte[] bytes) => IsDataUriOf(MediaCategory.Image, mimeType, bytes);

    private static bool IsVideoDataUri(string mimeType, byte[] bytes) => IsDataUriOf(MediaCategory.Video, mimeType, bytes);

    private static bool IsDataUriOf(MediaCategory category, string mimeType, byte[] bytes) =>
        MediaSniffer.Detect(bytes) is MediaFormat format && format.Category == category && format.MimeType == mimeType;

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
