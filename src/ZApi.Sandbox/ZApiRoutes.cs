using System.Text.Json;
using ZApi.Shared.Sniffing;

namespace ZApi.Sandbox;

/// <summary>The Z-API contract: the status routes, their checks and answers, and the faults on purpose.</summary>
public static class ZApiRoutes
{
    private static readonly Dictionary<string, StatusKind> Kinds = new(StringComparer.Ordinal)
    {
        ["send-image-status"] = new("image", "image", "caption", IsImageDataUri),
        ["send-video-status"] = new("video", "video", "caption", IsVideoDataUri),
        ["send-text-status"] = new("text", "message", null, null),
    };

    private sealed record StatusKind(string Name, string Field, string? CaptionField, Func<string, byte[], bool>? AcceptsMedia);

    public static void MapZApi(this WebApplication app)
    {
        app.Map("/instances/{instanceId}/token/{token}/{action}", async (HttpContext context, string instanceId, string token, string action,
            InstanceRegistry instances, StatusStore store) =>
        {
            // When the request arrived, so that tests can measure the gaps between requests as the client spaced them.
            DateTimeOffset arrived = DateTimeOffset.UtcNow;
            int statusCode = await AnswerAsync(context, instanceId, token, action, instances, store);
            store.LogRequest(new RequestRecord(instanceId, context.Request.Method, action, statusCode, arrived));
        });
    }

    private static async Task<int> AnswerAsync(HttpContext context, string instanceId, string token, string action, InstanceRegistry instances, StatusStore store)
    {
        bool isStatus = action == "status";
        if (!isStatus && !Kinds.ContainsKey(action))
        {
            return await Error(context, 404, "NOT_FOUND");
        }

        if (context.Request.Method != (isStatus ? HttpMethods.Get : HttpMethods.Post))
        {
            return await Error(context, 405, "Method Not Allowed");
        }

        InstanceState? instance = instances.Find(instanceId);
        if (instance == null)
        {
            return await Error(context, 400, "Instance not found");
        }

        if (instance.Instance.Token != token)
        {
            return await Error(context, 400, "Invalid instance token");
        }

        string? clientToken = context.Request.Headers["Client-Token"].FirstOrDefault();
        if (string.IsNullOrEmpty(clientToken))
        {
            return await Error(context, 400, "your client-token is not configured");
        }

        if (clientToken != instance.Instance.ClientToken)
        {
            // As the real service does: the refused token comes back in the body. The module must redact it.
            return await Error(context, 403, $"Client-Token {clientToken} not allowed");
        }

        SandboxFaults faults = instance.Faults;
        if (faults.DelaySec > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(faults.DelaySec), context.RequestAborted);
        }

        if (isStatus)
        {
            return await Answer(context, 200, new
            {
                connected = !faults.Disconnected,
                error = faults.Disconnected ? "You are not connected." : null,
                smartphoneConnected = !faults.Disconnected && !faults.PhoneOffline,
            });
        }

        if (faults.Disconnected)
        {
            return await Error(context, 400, "You are not connected.");
        }

        if (instance.Take(f => f.RateLimitCount, (f, n) => f.RateLimitCount = n))
        {
            if (faults.RetryAfterSec is int retryAfter)
            {
                context.Response.Headers.RetryAfter = faults.RetryAfterAsDate
                    ? DateTimeOffset.UtcNow.AddSeconds(retryAfter).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                    : retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return await Error(context, 429, "Too Many Requests");
        }

        if (!(context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return await Error(context, 415, "Unsupported Media Type: send Content-Type application/json");
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
            return await Error(context, 400, "The body is not valid JSON");
        }

        string? value = Text(body, kind.Field);
        if (string.IsNullOrEmpty(value))
        {
            return await Error(context, 400, $"{kind.Field} is required");
        }

        string? caption = kind.CaptionField == null ? null : Text(body, kind.CaptionField);
        StatusRecord record;
        if (kind.AcceptsMedia == null)
        {
            record = store.Add(instanceId, kind.Name, null, null, null, value, null);
        }
        else if (IsHttpLink(value))
        {
            record = store.Add(instanceId, kind.Name, null, null, caption, null, value);
        }
        else if (TryDecodeDataUri(value, out string? mimeType, out byte[]? media) && kind.AcceptsMedia(mimeType!, media!))
        {
            record = store.Add(instanceId, kind.Name, mimeType, media, caption, null, null);
        }
        else
        {
            return await Error(context, 400, $"{kind.Field} must be an http(s) link or a data:<mime>;base64, URI of a {kind.Name} of that type");
        }

        if (instance.Take(f => f.ServerErrorAfterStoreCount, (f, n) => f.ServerErrorAfterStoreCount = n))
        {
            return await Error(context, 500, "Internal Server Error");
        }

        if (instance.Take(f => f.DropConnectionCount, (f, n) => f.DropConnectionCount = n))
        {
            context.Abort();
            return 0;
        }

        return await Answer(context, 200, new { zaapId = record.ZaapId, messageId = record.Id, id = record.Id });
    }

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

    private static Task<int> Error(HttpContext context, int statusCode, string message) =>
        Answer(context, statusCode, new { error = message });

    private static async Task<int> Answer(HttpContext context, int statusCode, object body)
    {
        context.Response.StatusCode = statusCode;
        await context.Response.WriteAsJsonAsync(body, context.RequestAborted);
        return statusCode;
    }
}
