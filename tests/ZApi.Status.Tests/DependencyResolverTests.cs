using ZApi.Status.Commands;

namespace ZApi.Status.Tests;

public sealed class DependencyResolverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zapi-deps-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Only_assemblies_shipped_in_the_folder_are_answered()
    {
        string shipped = Path.Combine(_folder, "System.Text.Json.dll");
        System.IO.File.WriteAllBytes(shipped, Array.Empty<byte>());
        var resolver = new DependencyResolver(_folder);

        Assert.Equal(shipped, resolver.PathFor(new System.Reflection.AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")));
        Assert.Equal(shipped, resolver.PathFor(new System.Reflection.AssemblyName("system.text.json")));
        Assert.Null(resolver.PathFor(new System.Reflection.AssemblyName("Newtonsoft.Json, Version=13.0.0.0")));
    }

    [Fact]
    public void A_missing_folder_answers_nothing() =>
        Assert.Null(new DependencyResolver(Path.Combine(_folder, "absent")).PathFor(new System.Reflection.AssemblyName("System.Text.Json")));
}
