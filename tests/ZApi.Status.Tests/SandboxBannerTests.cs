using ZApi.Sandbox;

namespace ZApi.Status.Tests;

/// <summary>What a person reads when the sandbox starts: the line to paste and where the data goes.</summary>
public sealed class SandboxBannerTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5099", "http://127.0.0.1:5099")]
    [InlineData("http://localhost:5099/", "http://localhost:5099")]
    [InlineData("http://0.0.0.0:5099", "http://127.0.0.1:5099")]
    [InlineData("http://[::]:41234", "http://127.0.0.1:41234")]
    [InlineData("http://+:80", "http://127.0.0.1:80")]
    [InlineData("https://*:5001", "https://127.0.0.1:5001")]
    public void A_wildcard_listening_address_is_pasted_as_the_loopback(string listening, string connectable)
    {
        var options = new SandboxOptions { DataPath = "/data" };

        string line = Assert.Single(SandboxBanner.Lines(options, new[] { listening }, 0), l => l.Contains("Set-ZApiConnection"));

        Assert.Equal($"  Set-ZApiConnection -InstanceId sandbox -Token sandbox-token -ClientToken sandbox-client-token -BaseUri {connectable}", line);
    }

    [Fact]
    public void Every_instance_gets_a_line_and_odd_credentials_are_quoted_for_PowerShell()
    {
        var options = new SandboxOptions
        {
            InstanceId = "i1", Token = "t 1", ClientToken = "it's",
            Instances = { new SandboxInstance { InstanceId = "3B5F", Token = "$secret", ClientToken = "c2" } },
        };

        string[] lines = SandboxBanner.Lines(options, new[] { "http://[::1]:5099", "https://127.0.0.1:5001" }, 0).Where(l => l.Contains("Set-ZApiConnection")).ToArray();

        Assert.Equal(new[]
        {
            "  Set-ZApiConnection -InstanceId i1 -Token 't 1' -ClientToken 'it''s' -BaseUri http://[::1]:5099",
            "  Set-ZApiConnection -InstanceId 3B5F -Token '$secret' -ClientToken c2 -BaseUri http://[::1]:5099",
        }, lines);
    }

    [Fact]
    public void The_banner_starts_with_the_address_and_ends_with_how_to_stop()
    {
        string[] lines = SandboxBanner.Lines(new SandboxOptions { DataPath = "/d" }, new[] { "http://127.0.0.1:5099" }, 0).ToArray();

        Assert.Equal("ZApi.Sandbox listening on http://127.0.0.1:5099", lines[0]);
        Assert.Contains("Gallery: http://127.0.0.1:5099/", lines);
        Assert.Equal("Press Ctrl+C to stop.", lines[^1]);
    }

    [Fact]
    public void Without_a_data_path_it_says_the_folder_is_the_shared_per_user_default_and_what_it_still_holds()
    {
        var options = new SandboxOptions();

        string[] lines = SandboxBanner.Lines(options, new[] { "http://127.0.0.1:5099" }, 3).ToArray();

        int data = Array.IndexOf(lines, "Data: " + options.ResolveDataPath());
        Assert.True(data > 0, string.Join('\n', lines));
        Assert.Equal("  the per-user default, shared by every sandbox started without --Sandbox:DataPath=<folder>; 3 live statuses kept from earlier runs", lines[data + 1]);
    }

    [Theory]
    [InlineData(0, "  the gallery starts empty")]
    [InlineData(1, "  1 live status kept from an earlier run")]
    public void With_its_own_data_path_it_names_the_folder_and_whether_the_gallery_is_empty(int live, string expected)
    {
        string[] lines = SandboxBanner.Lines(new SandboxOptions { DataPath = "/tmp/own" }, new[] { "http://127.0.0.1:1" }, live).ToArray();

        int data = Array.IndexOf(lines, "Data: /tmp/own");
        Assert.Equal(expected, lines[data + 1]);
    }

    [Theory]
    [InlineData(0, 2, "  no live status kept, 2 waiting for the phone")]
    [InlineData(3, 1, "  3 live statuses kept from earlier runs, 1 waiting for the phone")]
    public void Statuses_still_waiting_for_the_phone_are_counted_apart(int live, int waiting, string expected)
    {
        string[] lines = SandboxBanner.Lines(new SandboxOptions { DataPath = "/tmp/own" }, new[] { "http://127.0.0.1:1" }, live, waiting).ToArray();

        int data = Array.IndexOf(lines, "Data: /tmp/own");
        Assert.Equal(expected, lines[data + 1]);
    }
}
