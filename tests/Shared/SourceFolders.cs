using System.Text.RegularExpressions;
using Xunit;

namespace ZApi.Tests.Shared;

/// <summary>
/// The direction of dependencies between a project's folders, which no compiler checks inside one assembly: read
/// from the using directives of the source. Linked into the test project of each module, like the code it checks.
/// </summary>
internal static class SourceFolders
{
    /// <summary>src/<paramref name="project"/>, found above the test's output folder.</summary>
    public static string Root(string project)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", project);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"src/{project} not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Fails when a source file of <paramref name="folder"/> (not its subfolders) uses a namespace in or under one of <paramref name="forbidden"/>.</summary>
    public static void UseNoneOf(string root, string folder, string[] forbidden)
    {
        string[] files = Directory.GetFiles(Path.Combine(root, folder), "*.cs", SearchOption.TopDirectoryOnly);
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            foreach (Match use in Regex.Matches(File.ReadAllText(file), @"^using\s+([\w.]+)\s*;", RegexOptions.Multiline))
            {
                string ns = use.Groups[1].Value;
                Assert.False(forbidden.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)),
                    $"{Path.GetRelativePath(root, file)} uses {ns}");
            }
        }
    }
}
