using ZApi.Sandbox;

WebApplication app = SandboxApp.Create(args);
await app.StartAsync();

SandboxOptions options = app.Services.GetRequiredService<SandboxOptions>();
int liveStatusCount = app.Services.GetRequiredService<StatusStore>().Statuses().Count(s => s.ExpiresAt > DateTimeOffset.UtcNow);
foreach (string line in SandboxBanner.Lines(options, app.Addresses(), liveStatusCount))
{
    Console.WriteLine(line);
}

await app.WaitForShutdownAsync();
