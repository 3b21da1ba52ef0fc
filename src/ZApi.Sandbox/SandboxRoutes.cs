using System.Net;
using System.Text;

namespace ZApi.Sandbox;

/// <summary>What the sandbox shows: the gallery page, the received statuses as JSON, the media, the fault controls.</summary>
public static class SandboxRoutes
{
    public static void MapSandbox(this WebApplication app)
    {
        app.MapGet("/", (StatusStore store) => Results.Content(GalleryPage(store.Statuses(), DateTimeOffset.UtcNow), "text/html; charset=utf-8"));
        app.MapGet("/_sandbox/statuses", (StatusStore store) => store.Statuses());
        app.MapDelete("/_sandbox/statuses", (StatusStore store) => { store.ClearStatuses(); return Results.NoContent(); });
        app.MapGet("/_sandbox/requests", (StatusStore store) => store.Requests());
        app.MapDelete("/_sandbox/requests", (StatusStore store) => { store.ClearRequests(); return Results.NoContent(); });
        app.MapGet("/_sandbox/media/{id}", (string id, StatusStore store) =>
        {
            StatusRecord? status = store.Statuses().FirstOrDefault(s => s.Id == id && s.MimeType != null);
            return status == null ? Results.NotFound() : Results.File(store.MediaFile(status.Id), status.MimeType);
        });
        app.MapGet("/_sandbox/instances/{instanceId}/faults", (string instanceId, InstanceRegistry instances) =>
            instances.Find(instanceId) is InstanceState instance ? Results.Ok(instance.Faults) : Results.NotFound());
        app.MapPut("/_sandbox/instances/{instanceId}/faults", (string instanceId, SandboxFaults faults, InstanceRegistry instances) =>
        {
            if (instances.Find(instanceId) is not InstanceState instance)
            {
                return Results.NotFound();
            }

            instance.Faults = faults;
            return Results.Ok(instance.Faults);
        });
    }

    /// <summary>The live statuses, newest first, as a phone shows them: image or text, caption, when, and time left.</summary>
    public static string GalleryPage(IEnumerable<StatusRecord> statuses, DateTimeOffset now)
    {
        var live = statuses.Where(s => s.ExpiresAt > now).OrderByDescending(s => s.ReceivedAt).ToList();
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ZApi.Sandbox status gallery</title>
            <style>
            body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#0b141a;color:#e9edef}
            header{padding:16px;background:#202c33;position:sticky;top:0}
            h1{font-size:1.1rem;margin:0}
            header p{margin:4px 0 0;color:#8696a0;font-size:.85rem}
            main{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;padding:12px;max-width:1100px;margin:auto}
            .status{background:#111b21;border-radius:12px;overflow:hidden;display:flex;flex-direction:column}
            .status img,.status video{width:100%;max-height:70vh;object-fit:contain;background:#000}
            .text{min-height:200px;display:flex;align-items:center;justify-content:center;padding:24px;font-size:1.4rem;text-align:center;background:#5b3f8c;white-space:pre-wrap;word-break:break-word}
            .link{padding:24px;word-break:break-all;color:#53bdeb}
            .caption{padding:10px 12px 0;white-space:pre-wrap;word-break:break-word}
            .meta{padding:8px 12px 12px;color:#8696a0;font-size:.8rem;display:flex;justify-content:space-between;gap:8px}
            .empty{padding:48px 16px;text-align:center;color:#8696a0}
            </style></head><body>
            <header><h1>My status</h1>
            """);
        html.Append("<p>").Append(live.Count).Append(live.Count == 1 ? " live status" : " live statuses").Append(" &middot; ZApi.Sandbox, nothing here left this machine</p></header><main>");
        foreach (StatusRecord status in live)
        {
            html.Append("<article class=\"status\" data-id=\"").Append(Encode(status.Id)).Append("\">");
            if (status.Kind == "text")
            {
                html.Append("<div class=\"text\">").Append(Encode(status.Message)).Append("</div>");
            }
            else if (status.Link != null)
            {
                html.Append("<div class=\"link\">").Append(Encode(status.Link)).Append("</div>");
            }
            else if (status.Kind == "video")
            {
                html.Append("<video controls src=\"/_sandbox/media/").Append(Encode(status.Id)).Append("\"></video>");
            }
            else
            {
                html.Append("<img alt=\"").Append(Encode(status.Caption ?? "status image")).Append("\" src=\"/_sandbox/media/").Append(Encode(status.Id)).Append("\">");
            }

            if (!string.IsNullOrEmpty(status.Caption))
            {
                html.Append("<div class=\"caption\">").Append(Encode(status.Caption)).Append("</div>");
            }

            TimeSpan left = status.ExpiresAt - now;
            html.Append("<div class=\"meta\"><time datetime=\"").Append(status.ReceivedAt.ToString("O")).Append("\">")
                .Append(status.ReceivedAt.ToString("yyyy-MM-dd HH:mm 'UTC'")).Append("</time><span class=\"left\">")
                .Append((int)left.TotalHours).Append(" h ").Append(left.Minutes).Append(" min left</span></div></article>");
        }

        if (live.Count == 0)
        {
            html.Append("<p class=\"empty\">No live statuses. Post one with Send-ZApiImageStatus.</p>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
