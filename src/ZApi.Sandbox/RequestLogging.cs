using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace ZApi.Sandbox;

/// <summary>
/// Every request, answered or not: one console line each (method, route with the route token masked, outcome, body
/// bytes received, time), and for the Z-API routes an entry in the <see cref="RequestLog"/>. A request whose client
/// went away (Ctrl+C mid-upload, a timeout) is logged as aborted, with the body bytes that had arrived by then.
/// </summary>
public static partial class RequestLogging
{
    /// <summary>The logger category of the per-request lines, shown on the console at Information.</summary>
    public const string Category = "ZApi.Sandbox.Requests";

    private const string DroppedOnPurposeKey = "ZApi.Sandbox.DroppedOnPurpose";

    public static void UseRequestLogging(this WebApplication app)
    {
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        RequestLog log = app.Services.GetRequiredService<RequestLog>();
        app.Use((context, next) => LogAsync(context, next, logger, log));
    }

    /// <summary>The sandbox is about to drop this connection as a fault asks: no answer, but not the client's doing.</summary>
    public static void MarkDroppedOnPurpose(HttpContext context) => context.Items[DroppedOnPurposeKey] = true;

    /// <summary>The path as it may be shown: the route token, a secret, becomes ***.</summary>
    public static string Redact(string path) => RouteToken().Replace(path, "${head}***");

    private static async Task LogAsync(HttpContext context, RequestDelegate next, ILogger logger, RequestLog log)
    {
        DateTimeOffset arrived = DateTimeOffset.UtcNow;
        long started = Stopwatch.GetTimestamp();
        var body = new CountingReadStream(context.Request.Body);
        context.Request.Body = body;
        bool aborted = false;
        bool failed = false;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ClientWentAway(context, ex))
        {
            aborted = true;
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals met while reading the body, such as one over MaxRequestBodyBytes (413).
            await ZApiRoutes.Error(context, ex.StatusCode, ex.Message);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            bool dropped = context.Items.ContainsKey(DroppedOnPurposeKey);
            // 0 when no answer went out; a client that left while its answer was being written still had one started.
            int statusCode = dropped || (aborted && !context.Response.HasStarted) ? 0 : failed ? 500 : context.Response.StatusCode;
            double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            string path = context.Request.Path.Value ?? "";
            string outcome = aborted ? "aborted by the client" : dropped ? "dropped on purpose" : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            logger.LogInformation("{Method} {Route} {Outcome}: {BytesReceived} bytes received in {Milliseconds} ms",
                context.Request.Method, Redact(path), outcome, body.BytesRead, Math.Round(milliseconds));
            if (ZApiRoute().Match(path) is { Success: true } route)
            {
                log.Add(new RequestRecord(route.Groups["instance"].Value, context.Request.Method, route.Groups["action"].Value, statusCode, arrived,
                    aborted, body.BytesRead, Math.Round(milliseconds, 1)));
            }
        }
    }

    /// <summary>
    /// Whether an exception means the client left before the exchange was over: its connection was reset or closed,
    /// or its body ended before the length it announced.
    /// </summary>
    private static bool ClientWentAway(HttpContext context, Exception ex) =>
        !context.Items.ContainsKey(DroppedOnPurposeKey)
        && (context.RequestAborted.IsCancellationRequested
            || ex is IOException
            || (ex is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true));

    [GeneratedRegex(@"^(?<head>/instances/[^/]+/token/)[^/]+")]
    private static partial Regex RouteToken();

    [GeneratedRegex(@"^/instances/(?<instance>[^/]+)/token/[^/]+/(?<action>.+)$")]
    private static partial Regex ZApiRoute();
}
