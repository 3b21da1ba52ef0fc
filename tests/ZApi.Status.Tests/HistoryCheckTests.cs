using System.Text;
using ZApi.Status.History;

namespace ZApi.Status.Tests;

/// <summary>What the history's refusals say about an entry left in flight.</summary>
public sealed class HistoryCheckTests : IDisposable
{
    private readonly HistoryScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>The history with one in-flight entry of image 1, written by <paramref name="process"/> ("pid@host").</summary>
    private void InFlightEntryOf(string process)
    {
        using (HistorySession mine = _scratch.Open())
        {
            mine.Claim(_scratch.Image(1), mine.Check(_scratch.Image(1))!, default).Dispose();
        }

        string line = _scratch.Lines()[0];
        string written = line.Replace("\"process\":\"" + ProcessIdentity.Current.Name + "\"", "\"process\":\"" + process + "\"");
        Assert.NotEqual(line, written);
        File.WriteAllText(_scratch.HistoryPath, written + "\n", new UTF8Encoding(false));
    }

    [Fact]
    public void An_entry_in_flight_on_another_machine_may_still_be_in_flight_there_and_is_never_said_to_have_ended()
    {
        InFlightEntryOf("4242@build-agent-7");
        using HistorySession later = _scratch.Open();
        HistoryCheck check = later.Check(_scratch.Image(1))!;
        Assert.Equal(HistoryVerdict.InDoubt, check.Verdict);

        ZApiException error = check.Refusal();
        Assert.Equal(ZApiErrorId.StatusInDoubt, error.ErrorId);
        Assert.Contains("in flight on another machine (process 4242@build-agent-7), or ended there", error.Message);
        Assert.DoesNotContain("ended before Z-API answered", error.Message);
        Assert.Contains("-Force", error.Message);
    }

    [Fact]
    public void An_entry_in_flight_in_an_ended_process_of_this_machine_is_said_to_have_ended()
    {
        InFlightEntryOf("2147480000@" + ProcessIdentity.Current.Host.ToLowerInvariant());
        using HistorySession later = _scratch.Open();
        ZApiException error = later.Check(_scratch.Image(1))!.Refusal();
        Assert.Contains("(process 2147480000@" + ProcessIdentity.Current.Host.ToLowerInvariant() + ") ended before Z-API answered", error.Message);
        Assert.DoesNotContain("another machine", error.Message);
    }
}
