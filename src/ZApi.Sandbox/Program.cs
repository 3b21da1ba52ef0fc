using ZApi.Sandbox;

WebApplication app = SandboxApp.Create(args);
await app.StartAsync();

SandboxOptions options = app.Services.GetRequiredService<SandboxOptions>();
foreach (string address in app.Addresses())
{
    // Scripts and tests wait for this line to learn the port.
    Console.WriteLine($"ZApi.Sandbox listening on {address}");
}

foreach (SandboxInstance instance in options.AllInstances())
{
    Console.WriteLine($"  instance '{instance.InstanceId}' (token and Client-Token from configuration)");
}

Console.WriteLine($"  gallery: {app.Addresses().FirstOrDefault()}/   data: {options.ResolveDataPath()}");
Console.WriteLine("Press Ctrl+C to stop.");
await app.WaitForShutdownAsync();
