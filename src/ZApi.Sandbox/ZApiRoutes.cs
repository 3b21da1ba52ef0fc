namespace ZApi.Sandbox;

/// <summary>
/// The Z-API contract: the routes, the checks every one of them makes (method, instance, route token, Client-Token)
/// and the delay fault, in Z-API's order; then the status route here, the sends and the queue in their own classes.
/// </summary>
public static class ZApiRoutes
{
    public const string StatusAction = "status";
    public const string QueueAction = "queue";

    private static readonly string[] Get = { HttpMethods.Get };
    private static readonly string[] Post = { HttpMethods.Post };
    private static readonly string[] Delete = { HttpMethods.Delete };
    private static readonly string[] QueueMethods = { HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete };

    public static void MapZApi(this WebApplication app)
    {
        app.Map("/instances/{instanceId}/token/{token}/{action}", (HttpContext context, string instanceId, string token, string action,
            InstanceRegistry instances, StatusStore store) => AnswerAsync(context, instanceId, token, action, null, instances, store));
        app.Map("/instances/{instanceId}/token/{token}/queue/{zaapId}", (HttpContext context, string instanceId, string token, string zaapId,
            InstanceRegistry instances, StatusStore store) => AnswerAsync(context, instanceId, token, QueueAction, zaapId, instances, store));
    }

    internal static Task Error(HttpContext context, int statusCode, string message) =>
        Answer(context, statusCode, new { error = message });

    internal static async Task Answer(HttpContext context, int statusCode, object body)
    {
        context.Response.StatusCode = statusCode;
        await context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    /// <summary>Whether the request says its body is JSON; Z-API answers 415 to a POST that does not.</summary>
    internal static bool HasJsonBody(HttpContext context) =>
        (context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private static async Task AnswerAsync(HttpContext context, string instanceId, string token, string action, string? zaapId,
        InstanceRegistry instances, StatusStore store)
    {
        string[]? methods = action switch
        {
            StatusAction => Get,
            QueueAction => zaapId == null ? QueueMethods : Delete,
            _ => SendRoutes.Handles(action) ? Post : null,
        };
        if (methods == null)
        {
            await Error(context, 404, "NOT_FOUND");
            return;
        }

        if (!methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            await Error(context, 405, "Method Not Allowed");
            return;
        }

        if (await AdmitAsync(context, instanceId, token, instances) is not InstanceState instance)
        {
            return;
        }

        switch (action)
        {
            case StatusAction:
                SandboxFaults faults = instance.Faults;
                await Answer(context, 200, new
                {
                    connected = !faults.Disconnected,
                    error = faults.Disconnected ? "You are not connected." : null,
                    smartphoneConnected = faults.PhoneOnline,
                });
                break;
            case QueueAction:
                await QueueRoutes.AnswerAsync(context, instance, zaapId, store);
                break;
            default:
                await SendRoutes.AnswerAsync(context, instance, action, store);
                break;
        }
    }

    /// <summary>The instance when the request passes the checks that every route makes; else null, the refusal answered.</summary>
    private static async Task<InstanceState?> AdmitAsync(HttpContext context, string instanceId, string token, InstanceRegistry instances)
    {
        InstanceState? instance = instances.Find(instanceId);
        if (instance == null)
        {
            await Error(context, 400, "Instance not found");
            return null;
        }

        if (instance.Instance.Token != token)
        {
            await Error(context, 400, "Invalid instance token");
            return null;
        }

        string? clientToken = context.Request.Headers["Client-Token"].FirstOrDefault();
        if (string.IsNullOrEmpty(clientToken))
        {
            await Error(context, 400, "your client-token is not configured");
            return null;
        }

        if (clientToken != instance.Instance.ClientToken)
        {
            // As the real service does: the refused token comes back in the body. The module must redact it.
            await Error(context, 403, $"Client-Token {clientToken} not allowed");
            return null;
        }

        double delaySec = instance.Faults.DelaySec;
        if (delaySec > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(delaySec), context.RequestAborted);
        }

        return instance;
    }
}
