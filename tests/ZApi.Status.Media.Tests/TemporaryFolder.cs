namespace ZApi.Status.MediaModule.Tests;

/// <summary>A folder for one test's fixtures and cache, deleted afterwards.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "zapi-media-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Cache = System.IO.Path.Combine(Path, "cache");
    }

    public string Path { get; }

    public string Cache { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
