using System.Text;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;
using ZApi.Status.Posting;

namespace ZApi.Status.Tests;

/// <summary>A temporary folder with a history path, images and the warnings a history gave, for the history file tests.</summary>
internal sealed class HistoryScratch : IDisposable
{
    public HistoryScratch()
    {
        Folder = Directory.CreateTempSubdirectory("zapi-history-").FullName;
        HistoryPath = Path.Combine(Folder, "sub", "history.jsonl");
    }

    public string Folder { get; }

    public string HistoryPath { get; }

    public List<string> Warnings { get; } = new();

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    public HistorySession Open(string? path = null, TimeSpan? lockWait = null, bool preview = false) =>
        HistorySession.Open(path ?? HistoryPath, "i1", false, preview, HistoryLocation.File(path ?? HistoryPath, lockWait).Open, Warnings.Add);

    /// <summary>Opens, shows the held warnings and returns them, so a test sees every warning the opening gave.</summary>
    public HistorySession OpenAndShowWarnings(string? path = null)
    {
        HistorySession history = Open(path);
        history.ShowHeldWarnings();
        return history;
    }

    public MediaStatusPost Image(int seed, string? caption = null)
    {
        string path = Path.Combine(Folder, $"image-{seed}.png");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, TestImages.Png(1000 + seed));
        }

        return new MediaStatusPost(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, path, 1 << 20), caption);
    }

    /// <summary>Claims and completes one post as a run would.</summary>
    public static void PostThrough(HistorySession history, StatusPost post, string messageId)
    {
        HistoryCheck check = history.Check(post)!;
        Assert.Equal(HistoryVerdict.Post, check.Verdict);
        using HistoryClaim claim = history.Claim(post, check, CancellationToken.None);
        Assert.Equal(HistoryVerdict.Post, claim.Check.Verdict);
        SendOutcome.Queued(new QueuedStatus("zaap-" + messageId, messageId), new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero)).CompleteIn(claim);
    }

    /// <summary>The history's lines as this module wrote them, for a test to damage or re-encode.</summary>
    public string[] Lines() => File.ReadAllText(HistoryPath, new UTF8Encoding(false)).TrimEnd('\n').Split('\n');

    /// <summary>Writes <paramref name="content"/> beside the history and renames it over the history, as editors and sync tools save.</summary>
    public void ReplaceByRename(byte[] content)
    {
        string saved = HistoryPath + ".saving";
        File.WriteAllBytes(saved, content);
        File.Move(saved, HistoryPath, overwrite: true);
    }
}
