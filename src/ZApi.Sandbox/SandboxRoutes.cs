namespace ZApi.Sandbox;

/// <summary>What the sandbox shows: the gallery page, the received statuses as JSON, the media, the fault controls.</summary>
public static class SandboxRoutes
{
    public static void MapSandbox(this WebApplication app)
    {
        app.MapGet("/", (StatusStore store) => Results.Content(GalleryPage.Render(store.Statuses(), DateTimeOffset.UtcNow), "text/html; charset=utf-8"));
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
}
