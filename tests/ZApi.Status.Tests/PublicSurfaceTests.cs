using ZApi.Tests.Shared;
using System.Management.Automation;

namespace ZApi.Status.Tests;

/// <summary>
/// What users can hold or name is the module's API: widening it must be a visible decision, made here. Also pins
/// the direction of dependencies between the folders, which no compiler checks inside one assembly.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] ExportedTypes =
    {
        "ZApi.Status.BatchSummary",
        "ZApi.Status.ColumnText",
        "ZApi.Status.Commands.ClientCallCmdlet",
        "ZApi.Status.Commands.GetZApiConnectionCommand",
        "ZApi.Status.Commands.GetZApiQueueCommand",
        "ZApi.Status.Commands.GetZApiStatusHistoryCommand",
        "ZApi.Status.Commands.ModuleInitializer",
        "ZApi.Status.Commands.RemoveZApiQueuedMessageCommand",
        "ZApi.Status.Commands.SendMediaStatusCmdlet",
        "ZApi.Status.Commands.SendStatusCmdlet",
        "ZApi.Status.Commands.SendZApiImageStatusCommand",
        "ZApi.Status.Commands.SendZApiTextStatusCommand",
        "ZApi.Status.Commands.SendZApiVideoStatusCommand",
        "ZApi.Status.Commands.SetZApiConnectionCommand",
        "ZApi.Status.Commands.TestZApiConnectionCommand",
        "ZApi.Status.ImageStatusResult",
        "ZApi.Status.MediaStatusResult",
        "ZApi.Status.StatusHistoryEntry",
        "ZApi.Status.StatusHistoryOutcome",
        "ZApi.Status.StatusOutcome",
        "ZApi.Status.StatusResult",
        "ZApi.Status.TextStatusResult",
        "ZApi.Status.VideoStatusResult",
        "ZApi.Status.ZApiConnection",
        "ZApi.Status.ZApiErrorId",
        "ZApi.Status.ZApiException",
        "ZApi.Status.ZApiInstanceStatus",
        "ZApi.Status.ZApiQueuedMessage",
    };

    [Fact]
    public void The_exported_types_are_exactly_the_ones_users_hold_or_name() =>
        Assert.Equal(ExportedTypes, typeof(ZApiConnection).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal));

    [Fact]
    public void Users_cannot_derive_from_the_cmdlet_bases_or_construct_a_connection_without_Set_ZApiConnection()
    {
        foreach (Type type in typeof(ZApiConnection).Assembly.GetExportedTypes().Where(t => t.IsAbstract && typeof(PSCmdlet).IsAssignableFrom(t)))
        {
            Assert.Empty(type.GetConstructors());
        }

        Assert.Empty(typeof(ZApiConnection).GetConstructors());
    }

    [Fact]
    public void No_cmdlet_is_more_than_three_levels_below_PSCmdlet()
    {
        foreach (Type cmdlet in typeof(ZApiConnection).Assembly.GetExportedTypes().Where(t => !t.IsAbstract && typeof(PSCmdlet).IsAssignableFrom(t)))
        {
            int depth = 0;
            for (Type? type = cmdlet; type != typeof(PSCmdlet); type = type!.BaseType)
            {
                depth++;
            }

            Assert.True(depth <= 3, $"{cmdlet.Name} is {depth} levels below PSCmdlet");
        }
    }

    /// <summary>
    /// Commands -> Posting -> Batch, History -> Tables -> Media -> Client -> the root types; only Commands knows
    /// PowerShell, so one input's whole fate (Posting and below) runs without a runspace. The Table REST client knows
    /// nothing of histories. The shared sniffers, compiled into the sandbox too, use the base class library alone.
    /// </summary>
    [Theory]
    [InlineData("", new[] { "ZApi.Status.Client", "ZApi.Status.Media", "ZApi.Status.Tables", "ZApi.Status.Batch", "ZApi.Status.History", "ZApi.Status.Posting", "ZApi.Status.Commands", "System.Management.Automation" })]
    [InlineData("Client", new[] { "ZApi.Status.Media", "ZApi.Status.Tables", "ZApi.Status.Batch", "ZApi.Status.History", "ZApi.Status.Posting", "ZApi.Status.Commands", "System.Management.Automation" })]
    [InlineData("Media", new[] { "ZApi.Status.Tables", "ZApi.Status.Batch", "ZApi.Status.History", "ZApi.Status.Posting", "ZApi.Status.Commands", "System.Management.Automation" })]
    [InlineData("Tables", new[] { "ZApi.Status.Media", "ZApi.Status.Batch", "ZApi.Status.History", "ZApi.Status.Posting", "ZApi.Status.Commands", "System.Management.Automation" })]
    [InlineData("Batch", new[] { "ZApi.Status.Tables", "ZApi.Status.History", "ZApi.Status.Posting", "ZApi.Status.Commands", "System.Management.Automation" })]
    [InlineData("History", new[] { "ZApi.Status.Batch", "ZApi.Status.Posting", "ZApi.Status.Commands", "System.Management.Automation" })]
    [InlineData("Posting", new[] { "ZApi.Status.Commands", "System.Management.Automation", "Microsoft.PowerShell" })]
    [InlineData("../Shared/Sniffing", new[] { "ZApi", "System.Management.Automation", "Microsoft" })]
    public void Each_folder_uses_only_the_layers_below_it(string folder, string[] forbidden) =>
        SourceFolders.UseNoneOf(SourceFolders.Root("ZApi.Status"), folder, forbidden);
}
