using System.Text.Json;

namespace ZApi.Sandbox;

/// <summary>What the sandbox shows: the gallery page, the received statuses as JSON, the media, the fault controls.</summary>
public static class SandboxRoutes
{
    public static void MapSandbox(this WebApplication app)
    {
        app.MapGet("/", (StatusStore store) => Results.Content(GalleryPage.Render(store.Statuses(), DateTimeOffset.UtcNow), "text/html; charset=utf-8"));
        app.MapGet("/_sandbox/statuses", (StatusStore store) => store.Statuses());
        app.MapDelete("/_sandbox/statuses", (StatusStore store) => { store.ClearStatuses(); return Results.NoContent(); });
        app.MapGet("/_sandbox/requests", (RequestLog log) => log.All());
        app.MapDelete("/_sandbox/requests", (RequestLog log) => { log.Clear(); return Results.NoContent(); });
        app.MapGet("/_sandbox/media/{id}", (string id, StatusStore store) =>
        {
            StatusRecord? status = store.Statuses().FirstOrDefault(s => s.Id == id && s.MimeType != null);
            string? file = status == null ? null : store.MediaFile(status.Id);
            return file == null || !File.Exists(file) ? Results.NotFound() : Results.File(file, status!.MimeType);
        });
        app.MapGet("/_sandbox/instances/{instanceId}/faults", (string instanceId, InstanceRegistry instances) =>
            instances.Find(instanceId) is InstanceState instance ? Results.Ok(instance.Faults) : Results.NotFound());
        app.MapPut("/_sandbox/instances/{instanceId}/faults", async (HttpContext context, string instanceId, InstanceRegistry instances, StatusStore store) =>
        {
            if (instances.Find(instanceId) is not InstanceState instance)
            {
                return Results.NotFound();
            }

            JsonElement body;
            try
            {
                using JsonDocument document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                body = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return Results.BadRequest(new { error = $"The body is not valid JSON ({ex.Message}); the faults are a JSON object with any of: {SandboxFaults.FieldList}." });
            }

            if (SandboxFaults.TryRead(body, out SandboxFaults faults) is string problem)
            {
                return Results.BadRequest(new { error = problem });
            }

            instance.Faults = faults;
            if (faults.PhoneOnline)
            {
                // The phone is back: what waited for it goes out now, in the order it was sent.
                store.PublishQueued(instanceId);
            }

            return Results.Ok(instance.Faults);
        });
    }
}
