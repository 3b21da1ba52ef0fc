using ZApi.Tests.Shared;
using System.Management.Automation;

namespace ZApi.Status.MediaModule.Tests;

/// <summary>
/// What users can hold or name is the module's API: widening it must be a visible decision, made here. Also pins
/// the direction of dependencies between the folders, and keeps the module's namespaces its own: the code it shares
/// with ZApi.Status is compiled in as internal types under ZApi.Shared, never as a type users could meet twice.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] ExportedTypes =
    {
        "ZApi.Status.MediaModule.Commands.ConvertToZApiStatusImageCommand",
        "ZApi.Status.MediaModule.Commands.ConvertToZApiStatusMediaCmdlet",
        "ZApi.Status.MediaModule.Commands.ConvertToZApiStatusVideoCommand",
        "ZApi.Status.MediaModule.MediaConversion",
        "ZApi.Status.MediaModule.MediaErrorId",
        "ZApi.Status.MediaModule.MediaException",
    };

    private static System.Reflection.Assembly Module => typeof(MediaException).Assembly;

    [Fact]
    public void The_exported_types_are_exactly_the_ones_users_hold_or_name() =>
        Assert.Equal(ExportedTypes, Module.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal));

    [Fact]
    public void Every_type_lives_in_the_module_s_own_namespaces_or_in_the_shared_internal_ones()
    {
        foreach (Type type in Module.GetTypes().Where(t => t.Namespace?.StartsWith("ZApi", StringComparison.Ordinal) == true))
        {
            Assert.True(type.Namespace!.StartsWith("ZApi.Status.MediaModule", StringComparison.Ordinal) || type.Namespace.StartsWith("ZApi.Shared.", StringComparison.Ordinal),
                $"{type.FullName} is outside the module's namespaces");
            Assert.False(type.Namespace.StartsWith("ZApi.Shared.", StringComparison.Ordinal) && type.IsVisible, $"{type.FullName} is shared code and must stay internal");
        }
    }

    /// <summary>A constructor another assembly's class could call: public or protected (an abstract class's default one is protected).</summary>
    [Fact]
    public void Users_cannot_derive_from_the_cmdlet_base()
    {
        Type[] bases = Module.GetExportedTypes().Where(t => t.IsAbstract && typeof(PSCmdlet).IsAssignableFrom(t)).ToArray();
        Assert.NotEmpty(bases);
        foreach (Type type in bases)
        {
            Assert.DoesNotContain(type.GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic),
                c => c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly);
        }
    }

    [Fact]
    public void No_cmdlet_is_more_than_three_levels_below_PSCmdlet()
    {
        Type[] cmdlets = Module.GetExportedTypes().Where(t => !t.IsAbstract && typeof(PSCmdlet).IsAssignableFrom(t)).ToArray();
        Assert.Equal(2, cmdlets.Length);
        foreach (Type cmdlet in cmdlets)
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
    /// Commands -> Images, Video -> Cache -> the root types -> the shared files and sniffers. Only the commands
    /// touch PowerShell; ImageMagick stays in Images. The shared folders use none of either module.
    /// </summary>
    [Theory]
    [InlineData("", new[] { "ZApi.Status.MediaModule.Commands", "ZApi.Status.MediaModule.Images", "ZApi.Status.MediaModule.Video", "ZApi.Status.MediaModule.Cache", "ZApi.Shared.Paths", "System.Management.Automation", "ImageMagick" })]
    [InlineData("Cache", new[] { "ZApi.Status.MediaModule.Commands", "ZApi.Status.MediaModule.Images", "ZApi.Status.MediaModule.Video", "ZApi.Shared.Paths", "System.Management.Automation", "ImageMagick" })]
    [InlineData("Images", new[] { "ZApi.Status.MediaModule.Commands", "ZApi.Status.MediaModule.Video", "ZApi.Shared.Paths", "System.Management.Automation" })]
    [InlineData("Video", new[] { "ZApi.Status.MediaModule.Commands", "ZApi.Status.MediaModule.Images", "ZApi.Shared.Paths", "System.Management.Automation", "ImageMagick" })]
    [InlineData("../Shared/Files", new[] { "ZApi", "System.Management.Automation", "Microsoft.PowerShell" })]
    [InlineData("../Shared/Paths", new[] { "ZApi.Status", "ZApi.Shared.Sniffing" })]
    public void Each_folder_uses_only_the_layers_below_it(string folder, string[] forbidden) =>
        SourceFolders.UseNoneOf(SourceFolders.Root("ZApi.Status.Media"), folder, forbidden);
}
