using System.Text;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Media;
using ZApi.Status.Posting;

namespace ZApi.Status.Tests;

/// <summary>The status history without PowerShell: identity, verdicts, claims, damage, versions, locking.</summary>
public sealed class StatusHistoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zapi-history-").FullName;
    private readonly List<string> _warnings = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string HistoryPath => Path.Combine(_folder, "sub", "history.jsonl");

    private HistorySession Open(bool force = false, string instance = "i1", TimeSpan? lockWait = null, bool preview = false) =>
        HistorySession.Open(HistoryPath, instance, force, preview, HistoryLocation.File(HistoryPath, lockWait).Open, _warnings.Add);

    /// <summary>Checks a post and claims it, as a run does just before its request.</summary>
    private static HistoryClaim Claim(HistorySession history, StatusPost post) => history.Claim(post, history.Check(post)!, CancellationToken.None);

    private string ImageFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static MediaStatusPost ImagePost(string path, string? caption = null) =>
        new(MediaKind.Image, MediaSource.FromFile(MediaKind.Image, path, 1 << 20), caption);

    /// <summary>Claims and completes one post as a run would, returning the ids Z-API "gave".</summary>
    private static QueuedStatus PostThrough(HistorySession history, StatusPost post, string messageId)
    {
        HistoryCheck check = history.Check(post)!;
        Assert.Equal(HistoryVerdict.Post, check.Verdict);
        using HistoryClaim claim = history.Claim(post, check, CancellationToken.None);
        Assert.Equal(HistoryVerdict.Post, claim.Check.Verdict);
        var queued = new QueuedStatus("zaap-" + messageId, messageId);
        SendOutcome.Queued(queued, new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero)).CompleteIn(claim);
        return queued;
    }

    [Fact]
    public void A_preview_creates_no_history_and_writes_nothing_to_one_that_exists()
    {
        Assert.False(Open(preview: true).Exists);
        Assert.False(Directory.Exists(Path.GetDirectoryName(HistoryPath)));

        string image = ImageFile("a.png", TestImages.Png(3000));
        using (HistorySession first = Open())
        {
            PostThrough(first, ImagePost(image, "x"), "m-1");
        }

        File.Delete(HistoryPath + ".lock");
        byte[] before = File.ReadAllBytes(HistoryPath);
        using (HistorySession preview = Open(preview: true))
        {
            Assert.Equal(HistoryVerdict.AlreadyPosted, preview.Check(ImagePost(image, "x"))!.Verdict);
            Assert.Equal(HistoryVerdict.Post, preview.Check(ImagePost(image, "another caption"))!.Verdict);
        }

        Assert.Equal(before, File.ReadAllBytes(HistoryPath));
        Assert.False(File.Exists(HistoryPath + ".lock"));
    }

    [Fact]
    public void A_posted_status_is_already_posted_for_a_later_run_with_the_earlier_ids_and_time()
    {
        string image = ImageFile("a.png", TestImages.Png(3000));
        using (HistorySession first = Open())
        {
            PostThrough(first, ImagePost(image, "Week 12"), "m-1");
        }

        using HistorySession second = Open();
        MediaStatusPost again = ImagePost(image, "Week 12");
        HistoryCheck check = second.Check(again)!;
        Assert.Equal(HistoryVerdict.AlreadyPosted, check.Verdict);
        var result = Assert.IsType<ImageStatusResult>(check.AlreadyPostedResult(again));
        Assert.Equal((StatusOutcome.AlreadyPosted, "m-1", "zaap-m-1", image), (result.Outcome, result.MessageId, result.ZaapId, result.Source));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), result.SentAt);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Identity_is_content_and_caption_never_the_path()
    {
        byte[] bytes = TestImages.Png(3000);
        string image = ImageFile("a.png", bytes);
        using HistorySession history = Open();
        PostThrough(history, ImagePost(image, "Week 12"), "m-1");

        string renamed = ImageFile("renamed.png", bytes);
        Assert.Equal(HistoryVerdict.AlreadyPosted, history.Check(ImagePost(renamed, "Week 12"))!.Verdict);

        byte[] edited = (byte[])bytes.Clone();
        edited[^1] ^= 0xFF;
        Assert.Equal(HistoryVerdict.Post, history.Check(ImagePost(ImageFile("edited.png", edited), "Week 12"))!.Verdict);
        Assert.Equal(HistoryVerdict.Post, history.Check(ImagePost(image, "Week 13"))!.Verdict);
        Assert.Equal(HistoryVerdict.Post, history.Check(ImagePost(image))!.Verdict);

        using HistorySession otherInstance = Open(instance: "i2");
        Assert.Equal(HistoryVerdict.Post, otherInstance.Check(ImagePost(image, "Week 12"))!.Verdict);
    }

    [Fact]
    public void Links_and_messages_are_identified_by_their_text_and_the_file_holds_no_content_or_query()
    {
        byte[] bytes = TestImages.Png(5000);
        using (HistorySession history = Open())
        {
            PostThrough(history, TextStatusPost.From("Open today 9-18"), "t-1");
            PostThrough(history, new MediaStatusPost(MediaKind.Image, MediaSource.FromUri(MediaKind.Image, "https://example.org/a.png?sig=S3CRET"), null), "u-1");
            PostThrough(history, new MediaStatusPost(MediaKind.Image, MediaSource.FromBase64(MediaKind.Image, Convert.ToBase64String(bytes), 1 << 20), "Olá"), "b-1");
            Assert.Equal(HistoryVerdict.AlreadyPosted, history.Check(TextStatusPost.From("Open today 9-18"))!.Verdict);
            Assert.Equal(HistoryVerdict.Post, history.Check(TextStatusPost.From("Open today 9-19"))!.Verdict);
            Assert.Equal(HistoryVerdict.AlreadyPosted, history.Check(new MediaStatusPost(MediaKind.Image, MediaSource.FromUri(MediaKind.Image, "https://example.org/a.png?sig=S3CRET"), null))!.Verdict);
            Assert.Equal(HistoryVerdict.AlreadyPosted,
                history.Check(new MediaStatusPost(MediaKind.Image, MediaSource.FromBase64(MediaKind.Image, "data:image/png;base64," + Convert.ToBase64String(bytes), 1 << 20), "Olá"))!.Verdict);
        }

        string text = File.ReadAllText(HistoryPath, Encoding.UTF8);
        Assert.DoesNotContain("S3CRET", text);
        Assert.DoesNotContain("Open today", text);
        Assert.DoesNotContain(Convert.ToBase64String(bytes).Substring(0, 40), text);
        Assert.Contains("\"caption\":\"Olá\"", text);
        Assert.Contains(TestImages.Sha256(bytes), text);
        Assert.All(text.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("{\"v\":1,", line));
    }

    [Theory]
    [InlineData(ZApiErrorId.ZApiOutcomeUnknown, true)]
    [InlineData(ZApiErrorId.ZApiRequestFailed, false)]
    [InlineData(ZApiErrorId.ZApiRateLimited, false)]
    [InlineData(ZApiErrorId.ZApiInstanceNotConnected, false)]
    public void A_failure_is_in_doubt_when_the_status_may_exist_and_refused_otherwise(ZApiErrorId failure, bool inDoubt)
    {
        HistoryVerdict later = inDoubt ? HistoryVerdict.InDoubt : HistoryVerdict.Post;
        string image = ImageFile("a.png", TestImages.Png(3000));
        using (HistorySession first = Open())
        {
            using HistoryClaim claim = Claim(first, ImagePost(image));
            SendOutcome.Failed(new ZApiException(failure, "failed")).CompleteIn(claim);
        }

        using HistorySession second = Open();
        HistoryCheck check = second.Check(ImagePost(image))!;
        Assert.Equal(later, check.Verdict);
        if (later == HistoryVerdict.InDoubt)
        {
            ZApiException error = check.Refusal();
            Assert.Equal(ZApiErrorId.StatusInDoubt, error.ErrorId);
            Assert.Contains("Check the phone", error.Message);
            Assert.Contains("-Force", error.Message);
            Assert.Contains(image, error.Message);
        }
    }

    [Fact]
    public void A_claim_stopped_mid_request_is_in_doubt_and_Force_posts_anyway()
    {
        string image = ImageFile("a.png", TestImages.Png(3000));
        using (HistorySession first = Open())
        {
            Claim(first, ImagePost(image)).Dispose();
        }

        using (HistorySession second = Open())
        {
            HistoryCheck check = second.Check(ImagePost(image))!;
            Assert.Equal((HistoryVerdict.InDoubt, StatusHistoryOutcome.InDoubt, "Stopped"), (check.Verdict, check.Earlier!.Outcome, check.Earlier.ErrorId));
        }

        using HistorySession forced = Open(force: true);
        PostThrough(forced, ImagePost(image), "m-2");
        using HistorySession after = Open();
        Assert.Equal("m-2", after.Check(ImagePost(image))!.Earlier!.MessageId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_claim_stopped_is_in_doubt_only_once_its_body_began(bool bodyStarted)
    {
        (HistoryVerdict later, StatusHistoryOutcome recorded) = bodyStarted
            ? (HistoryVerdict.InDoubt, StatusHistoryOutcome.InDoubt)
            : (HistoryVerdict.Post, StatusHistoryOutcome.Refused);
        string image = ImageFile("a.png", TestImages.Png(3000));
        using (HistorySession first = Open())
        using (HistoryClaim claim = Claim(first, ImagePost(image)))
        {
            SendOutcome.Stopped(bodyStarted, new OperationCanceledException()).CompleteIn(claim);
        }

        using HistorySession second = Open();
        HistoryCheck check = second.Check(ImagePost(image))!;
        Assert.Equal((later, recorded, "Stopped"), (check.Verdict, check.Earlier!.Outcome, check.Earlier.ErrorId));
    }

    [Fact]
    public void An_entry_in_flight_in_a_live_process_is_in_flight_and_in_a_dead_one_in_doubt()
    {
        string image = ImageFile("a.png", TestImages.Png(3000));
        using HistorySession mine = Open();
        using HistoryClaim claim = Claim(mine, ImagePost(image));

        // Another pipeline (ForEach-Object -Parallel) sees this process posting it.
        using (HistorySession other = Open())
        {
            HistoryCheck check = other.Check(ImagePost(image))!;
            Assert.Equal(HistoryVerdict.InFlight, check.Verdict);
            Assert.Equal(ZApiErrorId.StatusInFlight, check.Refusal().ErrorId);
        }

        // The same line written by a process that no longer runs (a killed job).
        string line = File.ReadAllLines(HistoryPath).Last();
        string dead = line.Replace("\"process\":\"" + Environment.ProcessId + "@", "\"process\":\"2147480000@");
        Assert.NotEqual(line, dead);
        File.WriteAllText(HistoryPath, dead + "\n");
        using HistorySession later = Open();
        HistoryCheck afterKill = later.Check(ImagePost(image))!;
        Assert.Equal(HistoryVerdict.InDoubt, afterKill.Verdict);
        Assert.Contains("ended before Z-API answered", afterKill.Refusal().Message);
    }

    [Fact]
    public void The_claim_decides_again_under_the_lock_so_only_one_of_two_pipelines_posts()
    {
        string image = ImageFile("a.png", TestImages.Png(3000));
        using HistorySession a = Open();
        using HistorySession b = Open();
        HistoryCheck checkA = a.Check(ImagePost(image))!;
        HistoryCheck checkB = b.Check(ImagePost(image))!;
        Assert.Equal((HistoryVerdict.Post, HistoryVerdict.Post), (checkA.Verdict, checkB.Verdict));

        using HistoryClaim claimA = a.Claim(ImagePost(image), checkA, CancellationToken.None);
        SendOutcome.Queued(new QueuedStatus("z", "m-a"), DateTimeOffset.Now).CompleteIn(claimA);
        using HistoryClaim claimB = b.Claim(ImagePost(image), checkB, CancellationToken.None);
        Assert.Equal(HistoryVerdict.AlreadyPosted, claimB.Check.Verdict);
        Assert.Equal("m-a", claimB.Check.Earlier!.MessageId);
        Assert.Equal(2, File.ReadAllLines(HistoryPath).Length);
    }

    [Fact]
    public void A_torn_last_line_and_a_corrupt_middle_line_are_skipped_with_their_line_numbers_and_the_rest_counts()
    {
        string[] images = Enumerable.Range(1, 3).Select(i => ImageFile($"{i}.png", TestImages.Png(1000 * i))).ToArray();
        using (HistorySession history = Open())
        {
            PostThrough(history, ImagePost(images[0]), "m-1");
            PostThrough(history, ImagePost(images[1]), "m-2");
        }

        // Lines: 1 in flight, 2 posted, 3 in flight, 4 posted. Corrupt line 2, tear a fifth line in half.
        List<string> lines = File.ReadAllLines(HistoryPath).ToList();
        lines[1] = "{\"v\":1,\"key\":\"not json";
        File.WriteAllText(HistoryPath, string.Join("\n", lines) + "\n" + "{\"v\":1,\"key\":\"ab");

        using (HistorySession reopened = Open())
        {
            Assert.Empty(_warnings); // held until the cmdlet is at a point where a warning that stops loses nothing
            reopened.ShowHeldWarnings();
            Assert.Equal(2, _warnings.Count);
            Assert.Contains("Line 2 of the status history", _warnings[0]);
            Assert.Contains("Line 5 of the status history", _warnings[1]);
            // Its posted line was the corrupt one, so the in-flight line 1 (of this live process) is its latest.
            HistoryCheck first = reopened.Check(ImagePost(images[0]))!;
            Assert.Equal((HistoryVerdict.InFlight, 1), (first.Verdict, first.Earlier!.LineNumber));
            Assert.Equal(HistoryVerdict.AlreadyPosted, reopened.Check(ImagePost(images[1]))!.Verdict);
            PostThrough(reopened, ImagePost(images[2]), "m-3");
        }

        // The torn line was ended, not rewritten: the entries after it are whole lines of their own.
        Assert.EndsWith("{\"v\":1,\"key\":\"ab", File.ReadAllLines(HistoryPath)[4]);
        _warnings.Clear();
        using HistorySession again = Open();
        Assert.Equal(HistoryVerdict.AlreadyPosted, again.Check(ImagePost(images[2]))!.Verdict);
        Assert.Equal(new[] { 2, 5 }, _warnings.Select(w => int.Parse(w.Split(' ')[1])));
    }

    [Fact]
    public void A_history_of_a_newer_format_is_refused_not_misread()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
        File.WriteAllText(HistoryPath, "{\"v\":2,\"key\":\"whatever\",\"state\":\"Posted\"}\n");
        var error = Assert.Throws<ZApiException>(() => Open());
        Assert.Equal(ZApiErrorId.HistoryFormatUnsupported, error.ErrorId);
        Assert.Contains("Line 1", error.Message);
        Assert.Contains("version 2", error.Message);
    }

    [Fact]
    public void A_history_that_cannot_be_created_is_unavailable_and_names_the_path()
    {
        string blocker = ImageFile("a-file", new byte[] { 1 });
        var error = Assert.Throws<ZApiException>(() => HistoryLocation.File(Path.Combine(blocker, "history.jsonl")).Open(true, _warnings.Add, CancellationToken.None));
        Assert.Equal(ZApiErrorId.HistoryUnavailable, error.ErrorId);
        Assert.Contains(blocker, error.Message);
        Assert.Contains("Nothing was posted", error.Message);
    }

    [Fact]
    public void A_lock_held_elsewhere_is_waited_for_then_reported()
    {
        using (Open())
        {
        }

        using (HistoryLock.Acquire(HistoryPath, TimeSpan.Zero))
        {
            var error = Assert.Throws<ZApiException>(() => Open(lockWait: TimeSpan.FromMilliseconds(200)));
            Assert.Equal(ZApiErrorId.HistoryUnavailable, error.ErrorId);
            Assert.Contains("stayed locked", error.Message);
        }

        using HistorySession free = Open(lockWait: TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_and_many_entries_are_indexed()
    {
        string image = ImageFile("a.png", TestImages.Png(3000));
        string longCaption = new string('x', 200_000);
        using (HistorySession history = Open())
        {
            PostThrough(history, ImagePost(image, longCaption), "long");
            for (int i = 0; i < 300; i++)
            {
                PostThrough(history, TextStatusPost.From("message " + i), "t-" + i);
            }
        }

        using HistorySession reopened = Open();
        Assert.Equal("long", reopened.Check(ImagePost(image, longCaption))!.Earlier!.MessageId);
        Assert.Equal("t-234", reopened.Check(TextStatusPost.From("message 234"))!.Earlier!.MessageId);
        Assert.Equal(301, FileHistoryStore.ReadEntries(HistoryPath, _warnings.Add).Count);
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task A_claimed_post_sends_the_same_body_once_its_entry_is_on_disk()
    {
        string image = ImageFile("a.png", TestImages.Png(3000));
        using HistorySession history = Open();
        MediaStatusPost post = ImagePost(image, "c");
        using HistoryClaim claim = Claim(history, post);
        byte[] expected = await post.CreateContent(null).ReadAsByteArrayAsync();
        StatusPost gated = claim.Gate(post);
        Assert.Equal(expected, await gated.CreateContent(null).ReadAsByteArrayAsync());
        Assert.Equal((post.Action, post.Describe()), (gated.Action, gated.Describe()));
    }

    [Fact]
    public void ReadEntries_gives_each_status_once_in_its_latest_state()
    {
        string[] images = Enumerable.Range(1, 2).Select(i => ImageFile($"{i}.png", TestImages.Png(1000 * i))).ToArray();
        using (HistorySession history = Open())
        {
            PostThrough(history, ImagePost(images[0], "c"), "m-1");
            using HistoryClaim claim = Claim(history, ImagePost(images[1]));
            SendOutcome.Failed(new ZApiException(ZApiErrorId.ZApiOutcomeUnknown, "failed")).CompleteIn(claim);
        }

        IReadOnlyList<StatusHistoryEntry> entries = FileHistoryStore.ReadEntries(HistoryPath, _warnings.Add);
        Assert.Equal(2, entries.Count);
        Assert.Equal((StatusHistoryOutcome.Posted, "m-1", "c", images[0], "image", 2), (entries[0].Outcome, entries[0].MessageId, entries[0].Caption, entries[0].Source, entries[0].Kind, entries[0].LineNumber));
        Assert.Equal((StatusHistoryOutcome.InDoubt, "ZApiOutcomeUnknown"), (entries[1].Outcome, entries[1].ErrorId));
        Assert.Equal(TestImages.Sha256(File.ReadAllBytes(images[1])), entries[1].Sha256);
        Assert.Equal(Environment.ProcessId + "@" + Environment.MachineName, entries[1].Process);
    }
}
