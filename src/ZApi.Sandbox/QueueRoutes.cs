using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ZApi.Sandbox;

/// <summary>
/// Z-API's queue of messages that wait for the phone: POST /queue lists it a page at a time by cursor (pageSize, 20 by
/// default, at most 30; pagingState from the page before), the deprecated GET /queue?pageSize= lists its start (its
/// page parameter "no longer has any effect"), DELETE /queue/{zaapId} cancels one and DELETE /queue all of them.
/// </summary>
public static class QueueRoutes
{
    public const int DefaultPageSize = 20;
    public const int MaximumPageSize = 30;

    private const string PageSizeRule = "pageSize must be a whole number of at least 1 (at most 30 are listed per page)";

    public static Task AnswerAsync(HttpContext context, InstanceState instance, string? zaapId, StatusStore store)
    {
        string instanceId = instance.Instance.InstanceId;
        if (zaapId != null)
        {
            return store.CancelQueued(instanceId, zaapId)
                ? ZApiRoutes.Answer(context, 200, new { value = true })
                : ZApiRoutes.Error(context, 404, $"No message with zaapId {zaapId} waits in the queue.");
        }

        if (HttpMethods.IsDelete(context.Request.Method))
        {
            store.ClearQueue(instanceId);
            return ZApiRoutes.Answer(context, 200, new { value = true });
        }

        return HttpMethods.IsGet(context.Request.Method) ? ListStartAsync(context, instanceId, store) : ListPageAsync(context, instanceId, store);
    }

    /// <summary>POST /queue: one page by cursor, as Z-API answers it: {messages, pagingState, hasMore}.</summary>
    private static async Task ListPageAsync(HttpContext context, string instanceId, StatusStore store)
    {
        if (!ZApiRoutes.HasJsonBody(context))
        {
            await ZApiRoutes.Error(context, 415, "Unsupported Media Type: send Content-Type application/json");
            return;
        }

        JsonElement body;
        try
        {
            // The documented first request is {}; an empty body asks the same.
            using JsonDocument document = context.Request.ContentLength == 0
                ? JsonDocument.Parse("{}")
                : await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await ZApiRoutes.Error(context, 400, "The body is not valid JSON: send {} for the first page, then {\"pageSize\": 20, \"pagingState\": \"<from the page before>\"}.");
            return;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            await ZApiRoutes.Error(context, 400, "The body must be a JSON object: {} for the first page, then {\"pageSize\": 20, \"pagingState\": \"<from the page before>\"}.");
            return;
        }

        int pageSize = DefaultPageSize;
        if (body.TryGetProperty("pageSize", out JsonElement size) && size.ValueKind != JsonValueKind.Null)
        {
            if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out long asked) || asked < 1)
            {
                await ZApiRoutes.Error(context, 400, PageSizeRule + ".");
                return;
            }

            pageSize = (int)Math.Min(asked, MaximumPageSize);
        }

        long after = 0;
        if (body.TryGetProperty("pagingState", out JsonElement cursor) && cursor.ValueKind != JsonValueKind.Null)
        {
            if (cursor.ValueKind != JsonValueKind.String || !TryReadCursor(cursor.GetString()!, store.RunId, out after))
            {
                await ZApiRoutes.Error(context, 400, "pagingState is not one this sandbox gave in this run: send the pagingState of the page before, or none for the first page.");
                return;
            }
        }

        var (page, next) = store.QueuedPage(instanceId, after, pageSize);
        await ZApiRoutes.Answer(context, 200, new
        {
            messages = page.Select(s => QueuedMessage.From(s)),
            pagingState = next is long last ? WriteCursor(store.RunId, last) : null,
            hasMore = next != null,
        });
    }

    /// <summary>GET /queue?page=&amp;pageSize=, deprecated: the first pageSize messages, {messages}; page has no effect.</summary>
    private static async Task ListStartAsync(HttpContext context, string instanceId, StatusStore store)
    {
        int pageSize = DefaultPageSize;
        string? asked = context.Request.Query["pageSize"].FirstOrDefault();
        if (asked != null)
        {
            if (!int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1)
            {
                await ZApiRoutes.Error(context, 400, "pageSize must be a whole number of at least 1.");
                return;
            }
        }

        var (page, _) = store.QueuedPage(instanceId, 0, pageSize);
        await ZApiRoutes.Answer(context, 200, new { messages = page.Select(s => QueuedMessage.From(s, deprecatedRoute: true)) });
    }

    // The cursor is opaque to clients, as Z-API's is: Base64url of "<run>:<number of the last message listed>".
    private static string WriteCursor(string runId, long last) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(runId + ":" + last.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadCursor(string text, string runId, out long after)
    {
        after = 0;
        byte[] decoded;
        try
        {
            decoded = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        string[] parts = Encoding.ASCII.GetString(decoded).Split(':');
        return parts.Length == 2 && parts[0] == runId && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out after);
    }
}
