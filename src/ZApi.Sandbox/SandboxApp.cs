using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ZApi.Sandbox;

/// <summary>Builds the sandbox; Program runs it, tests start it on a free loopback port.</summary>
public static class SandboxApp
{
    public const string DefaultUrl = "http://127.0.0.1:5099";

    public static WebApplication Create(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = builder.Configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>() ?? new SandboxOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new InstanceRegistry(options.AllInstances()));
        builder.Services.AddSingleton(new StatusStore(options.ResolveDataPath()));

        WebApplication app = builder.Build();
        app.MapZApi();
        app.MapSandbox();
        return app;
    }

    /// <summary>The addresses Kestrel actually listens on (a port 0 in --urls becomes a real one).</summary>
    public static IReadOnlyList<string> Addresses(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? new List<string>();
}
