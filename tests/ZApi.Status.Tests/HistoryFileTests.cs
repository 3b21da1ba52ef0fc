using System.Text;
using System.Text.RegularExpressions;
using ZApi.Status.History;

namespace ZApi.Status.Tests;

/// <summary>
/// The history file against what happens to files in the wild: replaced by a rename mid-run, saved in another
/// encoding, damaged throughout, one giant line, thousands of damaged lines.
/// </summary>
public sealed class HistoryFileTests : IDisposable
{
    private readonly HistoryScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string HistoryPath => _scratch.HistoryPath;

    private List<string> Warnings => _scratch.Warnings;

    [Fact]
    public void A_history_replaced_by_rename_between_two_claims_is_the_history_from_then_on()
    {
        using HistorySession run = _scratch.Open();
        HistoryScratch.PostThrough(run, _scratch.Image(1), "m-1");
        HistoryScratch.PostThrough(run, _scratch.Image(2), "m-2");

        // Someone removes image 1's lines in an editor, which saves by renaming a new file over the history.
        string[] lines = _scratch.Lines();
        Assert.Equal(4, lines.Length);
        _scratch.ReplaceByRename(Encoding.UTF8.GetBytes(lines[2] + "\n" + lines[3] + "\n"));

        HistoryScratch.PostThrough(run, _scratch.Image(3), "m-3");
        string[] now = _scratch.Lines();
        Assert.Equal(4, now.Length);
        Assert.Contains("\"state\":\"InFlight\"", now[2]);
        Assert.Contains("\"messageId\":\"m-3\"", now[3]);

        // What the new file says counts from the claim on: image 1 is no longer known, image 2 still is.
        Assert.Equal(HistoryVerdict.Post, run.Check(_scratch.Image(1))!.Verdict);
        Assert.Equal(HistoryVerdict.AlreadyPosted, run.Check(_scratch.Image(2))!.Verdict);
        Assert.Contains(Warnings, warning => warning.Contains("was replaced") && warning.Contains(HistoryPath));

        using HistorySession next = _scratch.Open();
        Assert.Equal("m-3", next.Check(_scratch.Image(3))!.Earlier!.MessageId);
    }

    [Fact]
    public void A_history_moved_away_mid_run_starts_again_at_its_path_and_the_moved_file_gets_nothing_more()
    {
        using HistorySession run = _scratch.Open();
        HistoryScratch.PostThrough(run, _scratch.Image(1), "m-1");
        string archive = HistoryPath + ".1";
        File.Move(HistoryPath, archive);
        byte[] archived = File.ReadAllBytes(archive);

        HistoryScratch.PostThrough(run, _scratch.Image(2), "m-2");
        Assert.Equal(archived, File.ReadAllBytes(archive));
        Assert.Equal(2, _scratch.Lines().Length);
        Assert.Equal(HistoryVerdict.Post, run.Check(_scratch.Image(1))!.Verdict);
        Assert.Equal(HistoryVerdict.AlreadyPosted, run.Check(_scratch.Image(2))!.Verdict);
    }

    [Fact]
    public async Task The_flush_to_disk_is_of_the_handle_that_wrote_not_of_what_the_path_names_later()
    {
        using HistoryFile file = HistoryFile.OpenForWriting(HistoryPath, Warnings.Add, TimeSpan.FromSeconds(30));
        using (file.Lock())
        {
            file.CatchUp(underLock: true);
            file.Append(HistoryLineFormat.Write(StatusIdentity.Of("i1", _scratch.Image(1)), StatusHistoryOutcome.InFlight, DateTimeOffset.Now,
                null, null, null, ProcessIdentity.Current), toDisk: false);
        }

        File.Move(HistoryPath, HistoryPath + ".moved");
        await file.FlushToDiskAsync();
        Assert.False(File.Exists(HistoryPath));
    }

    [Fact]
    public void A_history_saved_with_a_UTF8_byte_order_mark_keeps_its_first_line()
    {
        using (HistorySession first = _scratch.Open())
        {
            HistoryScratch.PostThrough(first, _scratch.Image(1), "m-1");
            HistoryScratch.PostThrough(first, _scratch.Image(2), "m-2");
        }

        // Only the posted lines, saved as Notepad and Windows PowerShell's Set-Content -Encoding UTF8 save: a BOM, CRLF.
        string[] lines = _scratch.Lines();
        File.WriteAllText(HistoryPath, lines[1] + "\r\n" + lines[3] + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        using HistorySession again = _scratch.OpenAndShowWarnings();
        Assert.Equal("m-1", again.Check(_scratch.Image(1))!.Earlier?.MessageId);
        Assert.Equal(HistoryVerdict.AlreadyPosted, again.Check(_scratch.Image(2))!.Verdict);
        Assert.Empty(Warnings);
        Assert.Equal(new[] { "m-1", "m-2" }, FileHistoryStore.ReadEntries(HistoryPath, Warnings.Add).Select(entry => entry.MessageId));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void A_history_saved_as_UTF16_stops_a_run_and_a_listing_and_is_left_as_it_was(bool bigEndian, bool byteOrderMark)
    {
        using (HistorySession first = _scratch.Open())
        {
            HistoryScratch.PostThrough(first, _scratch.Image(1), "m-1");
        }

        // What Windows PowerShell 5.1's > and Out-File write (little endian, with a BOM), and its relatives.
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark);
        byte[] saved = encoding.GetPreamble().Concat(encoding.GetBytes(string.Join("\r\n", _scratch.Lines()) + "\r\n")).ToArray();
        File.WriteAllBytes(HistoryPath, saved);

        foreach (Action open in new Action[]
        {
            () => _scratch.Open().Dispose(),
            () => _scratch.Open(preview: true).Dispose(),
            () => FileHistoryStore.ReadEntries(HistoryPath, Warnings.Add),
        })
        {
            var error = Assert.Throws<ZApiException>(open);
            Assert.Equal(ZApiErrorId.HistoryUnavailable, error.ErrorId);
            Assert.Contains(HistoryPath, error.Message);
            Assert.Contains("UTF-16", error.Message);
            Assert.Contains("UTF-8", error.Message);
        }

        Assert.Equal(saved, File.ReadAllBytes(HistoryPath));
    }

    [Theory]
    [InlineData("garbage\nmore garbage\r\n\n")]
    [InlineData("{\"v\":1}\n{\"v\":1,\"key\":\"0123\"}\n")]
    [InlineData("nul")]
    public void A_history_without_one_readable_line_stops_a_run_and_a_listing_instead_of_counting_as_empty(string content)
    {
        // "nul": a crash that kept a file's size but not its data leaves zeros, here more than any line holds.
        byte[] bytes = content == "nul" ? new byte[100_000] : Encoding.UTF8.GetBytes(content);
        Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
        File.WriteAllBytes(HistoryPath, bytes);

        foreach (Action open in new Action[] { () => _scratch.Open().Dispose(), () => FileHistoryStore.ReadEntries(HistoryPath, Warnings.Add) })
        {
            var error = Assert.Throws<ZApiException>(open);
            Assert.Equal(ZApiErrorId.HistoryUnavailable, error.ErrorId);
            Assert.Contains(HistoryPath, error.Message);
            Assert.Contains("no readable line", error.Message);
        }

        Assert.Equal(bytes, File.ReadAllBytes(HistoryPath));
    }

    [Fact]
    public void A_history_of_a_newer_format_whose_last_newline_is_missing_is_refused_as_newer_and_left_as_it_was()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
        byte[] bytes = Encoding.UTF8.GetBytes("{\"v\":2,\"key\":\"whatever\",\"state\":\"Posted\"}");
        File.WriteAllBytes(HistoryPath, bytes);
        var error = Assert.Throws<ZApiException>(() => _scratch.Open());
        Assert.Equal(ZApiErrorId.HistoryFormatUnsupported, error.ErrorId);
        Assert.Equal(bytes, File.ReadAllBytes(HistoryPath));
    }

    [Fact]
    public void Damage_appended_after_the_first_reading_is_warned_about_not_refused()
    {
        // Opened while empty; then another writer's damaged line is all the file holds.
        using HistorySession run = _scratch.Open();
        File.AppendAllText(HistoryPath, "garbage\n");
        HistoryScratch.PostThrough(run, _scratch.Image(1), "m-1");
        run.ShowHeldWarnings();
        Assert.Equal(new[] { 1 }, LinesNamed(Warnings));
        Assert.Equal(3, _scratch.Lines().Length);
    }

    [Fact]
    public void A_history_of_blank_lines_is_an_empty_history()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
        File.WriteAllText(HistoryPath, "\r\n\n  \n");
        using HistorySession history = _scratch.OpenAndShowWarnings();
        HistoryScratch.PostThrough(history, _scratch.Image(1), "m-1");
        Assert.Empty(Warnings);
    }

    [Fact]
    public void A_line_longer_than_any_entry_is_skipped_as_damaged_and_the_rest_counts()
    {
        using (HistorySession first = _scratch.Open())
        {
            HistoryScratch.PostThrough(first, _scratch.Image(1), "m-1");
            HistoryScratch.PostThrough(first, _scratch.Image(2), "m-2");
        }

        // Image 1's posted line made longer than 64 KiB by a field no entry has, otherwise whole.
        string[] lines = _scratch.Lines();
        lines[1] = lines[1].Replace("{\"v\":1,", "{\"v\":1,\"padding\":\"" + new string('x', 70_000) + "\",");
        File.WriteAllText(HistoryPath, string.Join("\n", lines) + "\n");

        using (HistorySession reopened = _scratch.OpenAndShowWarnings())
        {
            Assert.Equal(new[] { 2 }, LinesNamed(Warnings));

            HistoryCheck first = reopened.Check(_scratch.Image(1))!;
            Assert.Equal((StatusHistoryOutcome.InFlight, 1), (first.Earlier!.Outcome, first.Earlier.LineNumber));
            Assert.Equal("m-2", reopened.Check(_scratch.Image(2))!.Earlier!.MessageId);
        }

        Warnings.Clear();
        Assert.Equal(new[] { StatusHistoryOutcome.InFlight, StatusHistoryOutcome.Posted },
            FileHistoryStore.ReadEntries(HistoryPath, Warnings.Add).Select(entry => entry.Outcome));
        Assert.Equal(new[] { 2 }, LinesNamed(Warnings));
    }

    [Fact]
    public void A_giant_last_line_without_its_newline_is_damaged_for_a_listing_and_ended_by_a_run()
    {
        using (HistorySession first = _scratch.Open())
        {
            HistoryScratch.PostThrough(first, _scratch.Image(1), "m-1");
        }

        File.AppendAllText(HistoryPath, "{\"v\":1,\"caption\":\"" + new string('y', 3_000_000));
        Assert.Equal("m-1", FileHistoryStore.ReadEntries(HistoryPath, Warnings.Add).Single().MessageId);
        Assert.Equal(new[] { 3 }, LinesNamed(Warnings));

        Warnings.Clear();
        using (HistorySession run = _scratch.OpenAndShowWarnings())
        {
            Assert.Equal(new[] { 3 }, LinesNamed(Warnings));
            HistoryScratch.PostThrough(run, _scratch.Image(2), "m-2");
        }

        string[] lines = _scratch.Lines();
        Assert.Equal(5, lines.Length);
        Assert.Contains("\"messageId\":\"m-2\"", lines[4]);
    }

    [Fact]
    public void Damage_warnings_name_the_first_ten_lines_and_count_the_rest_in_one_warning_per_catch_up()
    {
        using (HistorySession first = _scratch.Open())
        {
            HistoryScratch.PostThrough(first, _scratch.Image(1), "m-1");
        }

        string good = File.ReadAllText(HistoryPath);
        File.WriteAllText(HistoryPath, string.Concat(Enumerable.Repeat("garbage\n", 5_000)) + good);

        using (HistorySession run = _scratch.OpenAndShowWarnings())
        {
            Assert.Equal(11, Warnings.Count);
            Assert.Equal(Enumerable.Range(1, 10), LinesNamed(Warnings.Take(10)));
            Assert.Equal(4_990, MoreCounted(Warnings[10]));
            Assert.Equal(HistoryVerdict.AlreadyPosted, run.Check(_scratch.Image(1))!.Verdict);

            // Another writer damages 13 more lines; the next claim's catch-up reports them on their own.
            Warnings.Clear();
            File.AppendAllText(HistoryPath, string.Concat(Enumerable.Repeat("{\"v\":1,\"key\":\"torn\n", 13)));
            HistoryScratch.PostThrough(run, _scratch.Image(2), "m-2");
            run.ShowHeldWarnings();
            Assert.Equal(11, Warnings.Count);
            Assert.Equal(Enumerable.Range(5_003, 10), LinesNamed(Warnings.Take(10)));
            Assert.Equal(3, MoreCounted(Warnings[10]));
        }

        Warnings.Clear();
        Assert.Equal(2, FileHistoryStore.ReadEntries(HistoryPath, Warnings.Add).Count);
        Assert.Equal(11, Warnings.Count);
        Assert.Equal(5_003, MoreCounted(Warnings[10]));
    }

    [Fact]
    public void A_caption_too_long_for_one_line_is_kept_cut_and_its_status_is_still_known()
    {
        string caption = string.Concat(Enumerable.Repeat("Olá 👋 ", 20_000));
        using (HistorySession first = _scratch.Open())
        {
            HistoryScratch.PostThrough(first, _scratch.Image(1, caption), "m-1");
        }

        Assert.All(File.ReadAllText(HistoryPath).Split('\n'),
            line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 64 * 1024, $"a line of {Encoding.UTF8.GetByteCount(line)} bytes"));

        using HistorySession again = _scratch.OpenAndShowWarnings();
        HistoryCheck check = again.Check(_scratch.Image(1, caption))!;
        Assert.Equal(HistoryVerdict.AlreadyPosted, check.Verdict);
        Assert.StartsWith("Olá 👋 Olá", check.Earlier!.Caption);
        Assert.EndsWith("…", check.Earlier.Caption);
        Assert.Equal(HistoryVerdict.Post, again.Check(_scratch.Image(1, check.Earlier.Caption))!.Verdict);
        Assert.Empty(Warnings);
    }

    /// <summary>The line numbers that "Line N of the status history" warnings name.</summary>
    private static IEnumerable<int> LinesNamed(IEnumerable<string> warnings) =>
        warnings.Select(warning => Regex.Match(warning, @"^Line ([\d,]+) of the status history"))
            .Where(match => match.Success)
            .Select(match => int.Parse(match.Groups[1].Value.Replace(",", string.Empty)));

    /// <summary>The count in the warning that sums up the damaged lines not named one by one.</summary>
    private static int MoreCounted(string warning)
    {
        Match match = Regex.Match(warning, @"^([\d,]+) more lines of the status history .* are damaged");
        Assert.True(match.Success, warning);
        return int.Parse(match.Groups[1].Value.Replace(",", string.Empty));
    }
}
