using ZApi.Sandbox;

WebApplication app;
try
{
    app = SandboxApp.Create(args);
}
catch (InvalidOperationException ex)
{
    // A configuration out of range: say which key, without a stack trace, and stop.
    Console.Error.WriteLine("ZApi.Sandbox: " + ex.Message);
    return 1;
}

await app.StartAsync();

SandboxOptions options = app.Services.GetRequiredService<SandboxOptions>();
IReadOnlyList<StatusRecord> kept = app.Services.GetRequiredService<StatusStore>().Statuses();
int liveStatusCount = kept.Count(s => s.ExpiresAt > DateTimeOffset.UtcNow);
foreach (string line in SandboxBanner.Lines(options, app.Addresses(), liveStatusCount, kept.Count(s => s.Queued)))
{
    Console.WriteLine(line);
}

await app.WaitForShutdownAsync();
return 0;
