using System.Globalization;
using System.Net;
using System.Text;

namespace ZApi.Sandbox;

/// <summary>
/// The gallery at "/": the live statuses, newest first, as a phone's status viewer shows them, after the ones that wait
/// in the queue for the phone. Every card has a story's 9:16 shape at any window width; the media fills it, the time
/// left sits on top and the caption at the bottom, over the media, so no card is taller than what it shows. A long
/// caption ends with an ellipsis after a few lines and opens in full when clicked.
/// </summary>
public static class GalleryPage
{
    // Self-contained (no external fonts, scripts or images): the sandbox must work offline.
    private const string Head = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ZApi.Sandbox status gallery</title>
        <style>
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";background:#0b141a;color:#e9edef}
        header{padding:14px 16px;background:#202c33;position:sticky;top:0;z-index:2}
        h1{font-size:1.1rem;margin:0}
        header p{margin:4px 0 0;color:#8696a0;font-size:.85rem}
        main{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,230px),1fr));gap:16px;padding:16px;max-width:1280px;margin:auto}
        .status{position:relative;container-type:inline-size;aspect-ratio:9/16;max-height:max(360px,calc(100vh - 110px));border-radius:14px;overflow:hidden;background:#000;box-shadow:0 2px 10px #0008}
        .status .media,.status .backdrop{position:absolute;inset:0;width:100%;height:100%}
        .status img.media,.status video.media{object-fit:contain}
        .status .backdrop{object-fit:cover;filter:blur(24px) brightness(.55);transform:scale(1.15)}
        .text{display:flex;align-items:center;justify-content:center;padding:56px 20px;text-align:center;background:#5b3f8c;font-size:clamp(1rem,8cqi,1.8rem);line-height:1.3;white-space:pre-wrap;overflow-wrap:anywhere;overflow:auto}
        .text.long{font-size:clamp(.9rem,5.5cqi,1.2rem)}
        .link{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:10px;padding:56px 20px;text-align:center;background:#1f3b4d;overflow-wrap:anywhere}
        .link a{color:#53bdeb}
        .link small{color:#aebac1}
        .meta{position:absolute;top:0;left:0;right:0;padding:8px 10px 26px;background:linear-gradient(#000b,#0000);font-size:.8rem;color:#e9edef;display:flex;flex-wrap:wrap;justify-content:space-between;gap:2px 8px;text-shadow:0 1px 2px #000}
        .bar{flex-basis:100%;height:3px;border-radius:2px;background:#ffffff55;margin-bottom:6px;overflow:hidden}
        .bar span{display:block;height:100%;background:#fff}
        .caption{position:absolute;left:0;right:0;bottom:0;max-height:45%;overflow-y:auto;margin:0;padding:32px 14px 14px;background:linear-gradient(#0000,#000c 40%);color:#fff;text-align:center;font-size:1rem;line-height:1.35;white-space:pre-wrap;overflow-wrap:anywhere;text-shadow:0 1px 2px #000}
        .caption summary{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:4;line-clamp:4;overflow:hidden;list-style:none;cursor:pointer}
        .caption summary::-webkit-details-marker{display:none}
        .caption summary:focus-visible{outline:2px solid #53bdeb;outline-offset:2px}
        .caption[open]{max-height:75%;background:#000d}
        .caption[open] summary{display:block;-webkit-line-clamp:none;line-clamp:none;overflow:visible}
        .status[data-kind=video] .caption{bottom:56px;padding:8px 14px;background:#0009}
        .status.waiting::after{content:"";position:absolute;inset:0;border:2px dashed #ffd279;border-radius:inherit;pointer-events:none;z-index:1}
        .status.waiting .media{filter:grayscale(.8) brightness(.55)}
        .waiting-note{font-weight:600;color:#ffd279}
        .empty{grid-column:1/-1;padding:48px 16px;text-align:center;color:#8696a0}
        </style></head><body>
        """;

    public static string Render(IEnumerable<StatusRecord> statuses, DateTimeOffset now)
    {
        var arrived = statuses.Select((status, order) => (Status: status, Order: order)).ToList();
        // What waits for the phone comes first: it goes live before anything shown below it.
        var waiting = arrived.Where(s => s.Status.Queued).OrderByDescending(s => s.Order).Select(s => s.Status).ToList();
        var live = arrived.Where(s => s.Status.ExpiresAt > now)
            .OrderByDescending(s => s.Status.LiveSince).ThenByDescending(s => s.Order).Select(s => s.Status).ToList();
        var html = new StringBuilder(Head);
        html.Append("<header><h1>My status</h1><p>").Append(live.Count).Append(live.Count == 1 ? " live status" : " live statuses");
        if (waiting.Count > 0)
        {
            html.Append(" &middot; ").Append(waiting.Count).Append(" waiting for the phone");
        }

        html.Append(" &middot; ZApi.Sandbox, nothing here left this machine</p></header><main>");
        foreach (StatusRecord status in waiting.Concat(live))
        {
            AppendCard(html, status, now);
        }

        if (live.Count + waiting.Count == 0)
        {
            html.Append("<p class=\"empty\">No live statuses. Post one with Send-ZApiImageStatus.</p>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    private static void AppendCard(StringBuilder html, StatusRecord status, DateTimeOffset now)
    {
        html.Append("<article class=\"status").Append(status.Queued ? " waiting" : "").Append("\" data-id=\"").Append(Encode(status.Id))
            .Append("\" data-kind=\"").Append(Encode(status.Kind)).Append("\" data-state=\"").Append(status.Queued ? "queued" : "live").Append("\">");
        string media = "/_sandbox/media/" + Encode(status.Id);
        if (status.Kind == "text")
        {
            string message = status.Message ?? "";
            html.Append("<div class=\"media text").Append(message.Length > 160 ? " long" : "").Append("\">").Append(Encode(message)).Append("</div>");
        }
        else if (status.Link != null)
        {
            // Z-API fetches a linked image itself; the sandbox only records the link, so it shows it rather than loading it.
            html.Append("<div class=\"media link\"><a href=\"").Append(Encode(status.Link)).Append("\" rel=\"noreferrer\">").Append(Encode(status.Link))
                .Append("</a><small>a link: Z-API downloads it, the sandbox does not</small></div>");
        }
        else if (status.Kind == "video")
        {
            html.Append("<video class=\"media\" controls preload=\"metadata\" src=\"").Append(media).Append("\"></video>");
        }
        else
        {
            // The whole image, uncropped, over a blurred copy of itself: a photo of any shape fills the card.
            html.Append("<img class=\"backdrop\" alt=\"\" aria-hidden=\"true\" src=\"").Append(media).Append("\">")
                .Append("<img class=\"media\" alt=\"").Append(Encode(status.Caption ?? "status image")).Append("\" src=\"").Append(media).Append("\">");
        }

        DateTimeOffset shown = status.LiveSince ?? status.ReceivedAt;
        html.Append("<div class=\"meta\">");
        if (status.ExpiresAt is DateTimeOffset expiresAt)
        {
            TimeSpan left = expiresAt - now;
            double leftPercent = Math.Clamp(left / StatusRecord.Lifetime * 100, 0, 100);
            html.Append("<div class=\"bar\"><span style=\"width:").Append(leftPercent.ToString("0.#", CultureInfo.InvariantCulture)).Append("%\"></span></div>");
            AppendTime(html, shown);
            html.Append("<span class=\"left\">").Append((int)left.TotalHours).Append(" h ").Append(left.Minutes).Append(" min left</span>");
        }
        else
        {
            AppendTime(html, shown);
            html.Append("<span class=\"waiting-note\">Waiting for the phone</span>");
        }

        html.Append("</div>");
        if (!string.IsNullOrEmpty(status.Caption))
        {
            // A disclosure: closed, the caption is cut after a few lines with an ellipsis; a click or Enter shows it whole.
            html.Append("<details class=\"caption\"><summary>").Append(Encode(status.Caption)).Append("</summary></details>");
        }

        html.Append("</article>");
    }

    private static void AppendTime(StringBuilder html, DateTimeOffset at) =>
        html.Append("<time datetime=\"").Append(at.ToString("O", CultureInfo.InvariantCulture)).Append("\">")
            .Append(at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</time>");

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
