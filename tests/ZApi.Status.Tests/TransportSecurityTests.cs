using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using ZApi.Status.Client;
using ZApi.Tests.Shared;

namespace ZApi.Status.Tests;

// The rows are .NET Framework's settings, which name SSL 3.0, TLS 1.0 and 1.1 and ServicePointManager: obsolete on .NET only.
#pragma warning disable CS0618, SYSLIB0014, SYSLIB0039

/// <summary>
/// TLS 1.2 for the module's own requests on .NET Framework (Windows PowerShell 5.1), whose process default may be
/// SSL 3.0 and TLS 1.0, without touching the caller's process-wide setting.
/// </summary>
public sealed class TransportSecurityTests
{
    private const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;

    [Theory]
    [InlineData(SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls)]
    [InlineData(SecurityProtocolType.Tls12)]
    [InlineData((SecurityProtocolType)0)]
    public void On_dotnet_the_operating_system_decides(SecurityProtocolType processDefault)
    {
        Assert.Null(TransportSecurity.ProtocolsFor(runsOnNetFramework: false, processDefault));
    }

    [Fact]
    public void On_net_framework_deferring_to_the_system_stays_with_the_system()
    {
        Assert.Null(TransportSecurity.ProtocolsFor(runsOnNetFramework: true, (SecurityProtocolType)0));
    }

    [Fact]
    public void On_net_framework_ssl3_and_tls10_gain_tls12_and_lose_ssl3()
    {
        SslProtocols? protocols = TransportSecurity.ProtocolsFor(true, SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls);

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls, protocols);
    }

    [Fact]
    public void On_net_framework_tls10_and_tls11_gain_tls12_and_keep_both()
    {
        SslProtocols? protocols = TransportSecurity.ProtocolsFor(true, SecurityProtocolType.Tls | SecurityProtocolType.Tls11);

        Assert.Equal(SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12, protocols);
    }

    [Fact]
    public void On_net_framework_tls13_is_kept_where_the_caller_enabled_it()
    {
        SslProtocols? protocols = TransportSecurity.ProtocolsFor(true, SecurityProtocolType.Tls12 | Tls13);

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, protocols);
    }

    [Fact]
    public void On_net_framework_tls13_is_never_added_by_the_module()
    {
        Assert.Equal(SslProtocols.Tls12, TransportSecurity.ProtocolsFor(true, SecurityProtocolType.Tls12));
    }

    [Fact]
    public void The_tests_run_on_dotnet_so_this_process_needs_no_choice()
    {
        Assert.False(TransportSecurity.RunsOnNetFramework);
        Assert.Null(TransportSecurity.ForThisProcess());
    }

    [Fact]
    public void On_dotnet_the_cache_leaves_the_handlers_protocols_to_the_system()
    {
        using HttpMessageHandler handler = HttpClientCache.CreateHandler(null, TimeSpan.FromSeconds(5), useProxy: true);

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Equal(SslProtocols.None, sockets.SslOptions.EnabledSslProtocols);
    }

    [Fact]
    public void The_framework_handler_takes_no_protocols_when_the_system_decides()
    {
        using HttpClientHandler handler = HttpClientCache.FrameworkHandler(null, useProxy: true, protocols: null);

        Assert.Equal(SslProtocols.None, handler.SslProtocols);
    }

    [Fact]
    public void The_framework_handler_takes_the_chosen_protocols_on_itself()
    {
        SecurityProtocolType before = ServicePointManager.SecurityProtocol;

        using HttpClientHandler handler = HttpClientCache.FrameworkHandler(null, useProxy: true, SslProtocols.Tls12 | SslProtocols.Tls);

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls, handler.SslProtocols);
        Assert.Equal(before, ServicePointManager.SecurityProtocol);
        Assert.Null(HttpClientCache.ProtocolsNotApplied);
    }

    /// <summary>
    /// A source scan, as no test can observe a process-wide assignment that some other code path might make: the
    /// module reads ServicePointManager.SecurityProtocol but never assigns it (=, |=, &amp;=, ^=).
    /// </summary>
    [Fact]
    public void No_source_assigns_the_process_wide_security_protocol()
    {
        string src = Path.GetDirectoryName(SourceFolders.Root("ZApi.Status"))!;
        string[] files = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .ToArray();
        Assert.Contains(files, f => f.EndsWith("HttpClientCache.cs", StringComparison.Ordinal));

        string[] assignments = files.SelectMany(f => AssignmentsOfSecurityProtocol(File.ReadAllText(f))
            .Select(line => Path.GetRelativePath(src, f) + ": " + line)).ToArray();

        Assert.Empty(assignments);
    }

    [Theory]
    [InlineData("ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;")]
    [InlineData("System.Net.ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;")]
    [InlineData("ServicePointManager\n    .SecurityProtocol\n    = SecurityProtocolType.Tls12;")]
    public void The_scan_finds_an_assignment(string source)
    {
        Assert.Single(AssignmentsOfSecurityProtocol(source));
    }

    [Theory]
    [InlineData("var before = ServicePointManager.SecurityProtocol;")]
    [InlineData("if (ServicePointManager.SecurityProtocol == SecurityProtocolType.Tls12) { }")]
    [InlineData("ProtocolsFor(true, ServicePointManager.SecurityProtocol)")]
    public void The_scan_passes_a_read(string source)
    {
        Assert.Empty(AssignmentsOfSecurityProtocol(source));
    }

    private static IEnumerable<string> AssignmentsOfSecurityProtocol(string source) =>
        Regex.Matches(source, @"ServicePointManager\s*\.\s*SecurityProtocol\s*[|&^]?=(?!=)")
            .Select(m => Regex.Replace(m.Value, @"\s+", " "));
}
