using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ZApi.Sandbox;

/// <summary>Builds the sandbox; Program runs it, tests start it on a free loopback port.</summary>
public static class SandboxApp
{
    public const string DefaultUrl = "http://127.0.0.1:5099";

    /// <summary>The sandbox, ready to start. Throws InvalidOperationException, naming the keys, for a configuration out of range.</summary>
    public static WebApplication Create(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = builder.Configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>() ?? new SandboxOptions();
        string[] problems = options.Problems().ToArray();
        if (problems.Length > 0)
        {
            throw new InvalidOperationException("The sandbox's configuration is out of range: " + string.Join(" ", problems));
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter(RequestLogging.Category, LogLevel.Information);
        // One line per entry, so the console reads as a request log and a script can read it line by line.
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new InstanceRegistry(options.AllInstances()));
        builder.Services.AddSingleton(services => new StatusStore(options.ResolveDataPath(), services.GetRequiredService<ILoggerFactory>().CreateLogger<StatusStore>()));
        builder.Services.AddSingleton<RequestLog>();

        WebApplication app = builder.Build();
        // Opened now, so a damaged index is reported at start; what waited for a phone that is online now goes live.
        StatusStore store = app.Services.GetRequiredService<StatusStore>();
        foreach (SandboxInstance instance in options.AllInstances().Where(i => i.Faults.PhoneOnline))
        {
            store.PublishQueued(instance.InstanceId);
        }

        app.UseRequestLogging();
        app.MapZApi();
        app.MapSandbox();
        return app;
    }

    /// <summary>The addresses Kestrel actually listens on (a port 0 in --urls becomes a real one).</summary>
    public static IReadOnlyList<string> Addresses(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? new List<string>();
}
