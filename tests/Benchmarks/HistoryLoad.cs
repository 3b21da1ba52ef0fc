using System.Diagnostics;
using System.Text.Json;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// How long opening a large status history takes and what it costs in memory: writes a history of N statuses (an
/// in-flight and a posted line each, as real runs leave them) once, then opens it as a pipeline does.
/// </summary>
public static class HistoryLoad
{
    public static string Run(string path, int statuses)
    {
        if (!File.Exists(path))
        {
            Write(path, statuses);
        }

        long fileBytes = new FileInfo(path).Length;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using Process self = Process.GetCurrentProcess();
        long idleWorkingSet = self.WorkingSet64;
        TimeSpan cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using HistorySession history = HistorySession.Open(path, "bench", force: false, preview: false, HistoryLocation.File(path).Open,
            warn: line => throw new InvalidOperationException(line));
        HistoryCheck check = history.Check(TextStatusPost.From("message " + (statuses / 2)))!;
        clock.Stop();
        if (check.Verdict != HistoryVerdict.AlreadyPosted)
        {
            throw new InvalidOperationException("The history did not find a status it holds.");
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        self.Refresh();
        return JsonSerializer.Serialize(new
        {
            statuses,
            lines = statuses * 2,
            fileMB = Math.Round(fileBytes / 1048576.0, 1),
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            cpuSeconds = Math.Round((self.TotalProcessorTime - cpuBefore).TotalSeconds, 3),
            retainedMB = Math.Round(retained / 1048576.0, 1),
            allocatedMB = Math.Round(allocated / 1048576.0, 1),
            peakAboveIdleMB = Math.Round((self.PeakWorkingSet64 - idleWorkingSet) / 1048576.0, 1),
        });
    }

    private static void Write(string path, int statuses)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        ProcessIdentity process = ProcessIdentity.Current;
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < statuses; i++)
        {
            StatusIdentity identity = StatusIdentity.Of("bench", TextStatusPost.From("message " + i));
            file.Write(HistoryLineFormat.Write(identity, StatusHistoryOutcome.InFlight, at, null, null, null, process));
            var queued = new QueuedStatus("3EB0" + i.ToString("X12"), "BAE5" + i.ToString("X16"));
            file.Write(HistoryLineFormat.Write(identity, StatusHistoryOutcome.Posted, at.AddSeconds(1), queued.ZaapId, queued.MessageId, null, process));
            at = at.AddSeconds(2);
        }
    }
}
