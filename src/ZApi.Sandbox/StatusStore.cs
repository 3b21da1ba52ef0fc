using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace ZApi.Sandbox;

/// <summary>
/// The received statuses, live and queued, kept in memory and on disk: media files plus an index of JSON lines that
/// grows by one line per status and is rewritten whole when the queue changes. A damaged index line (a crash in the
/// middle of a write) is skipped with a warning, so one bad line never costs the rest.
/// </summary>
public sealed class StatusStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly object _gate = new();
    // In arrival order; each with a number that only grows, so a queue cursor keeps its place when others are cancelled.
    private readonly List<(long Sequence, StatusRecord Record)> _statuses = new();
    private readonly string _mediaPath;
    private readonly string _indexPath;
    private long _lastSequence;

    public StatusStore(string dataPath)
        : this(dataPath, NullLogger.Instance)
    {
    }

    public StatusStore(string dataPath, ILogger logger)
    {
        _mediaPath = Path.Combine(dataPath, "media");
        _indexPath = Path.Combine(dataPath, "statuses.jsonl");
        Directory.CreateDirectory(_mediaPath);
        if (File.Exists(_indexPath))
        {
            Load(logger);
        }
    }

    /// <summary>Different for every store, so that a queue cursor from an earlier run is told apart from one of this run.</summary>
    public string RunId { get; } = NewId(16);

    public StatusRecord Add(string instanceId, string kind, string? mimeType, byte[]? media, string? caption, string? message, string? link, bool queued = false)
    {
        string id = NewId(20);
        var record = new StatusRecord(
            id, NewId(32), instanceId, kind, mimeType, media?.LongLength ?? 0,
            media == null ? null : Convert.ToHexStringLower(SHA256.HashData(media)),
            caption, message, link, DateTimeOffset.UtcNow, queued);
        lock (_gate)
        {
            if (media != null)
            {
                File.WriteAllBytes(MediaFile(id), media);
            }

            File.AppendAllText(_indexPath, JsonSerializer.Serialize(record, Json) + "\n");
            _statuses.Add((++_lastSequence, record));
        }

        return record;
    }

    public IReadOnlyList<StatusRecord> Statuses()
    {
        lock (_gate)
        {
            return _statuses.Select(s => s.Record).ToArray();
        }
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> of an instance's queued statuses, in the order they were sent, after the one
    /// numbered <paramref name="after"/>; <c>Next</c> numbers the last one returned when more follow, else null.
    /// </summary>
    public (IReadOnlyList<StatusRecord> Page, long? Next) QueuedPage(string instanceId, long after, int pageSize)
    {
        lock (_gate)
        {
            var waiting = _statuses.Where(s => s.Record.Queued && s.Record.InstanceId == instanceId && s.Sequence > after).Take(pageSize + 1).ToList();
            bool more = waiting.Count > pageSize;
            var page = waiting.Take(pageSize).ToList();
            return (page.Select(s => s.Record).ToArray(), more ? page[^1].Sequence : null);
        }
    }

    /// <summary>Cancels one queued status of the instance; false when none with that zaapId waits.</summary>
    public bool CancelQueued(string instanceId, string zaapId) =>
        RemoveQueued(s => s.InstanceId == instanceId && s.ZaapId == zaapId) > 0;

    /// <summary>Cancels every queued status of the instance; the number cancelled.</summary>
    public int ClearQueue(string instanceId) => RemoveQueued(s => s.InstanceId == instanceId);

    /// <summary>The phone is back: the instance's queued statuses go live now, in the order they were sent. The number published.</summary>
    public int PublishQueued(string instanceId)
    {
        lock (_gate)
        {
            int published = 0;
            for (int i = 0; i < _statuses.Count; i++)
            {
                var (sequence, record) = _statuses[i];
                if (record.Queued && record.InstanceId == instanceId)
                {
                    _statuses[i] = (sequence, record with { Queued = false, PublishedAt = DateTimeOffset.UtcNow });
                    published++;
                }
            }

            if (published > 0)
            {
                WriteIndex();
            }

            return published;
        }
    }

    public string MediaFile(string id) => Path.Combine(_mediaPath, id);

    public void ClearStatuses()
    {
        lock (_gate)
        {
            _statuses.Clear();
            File.Delete(_indexPath);
            foreach (string file in Directory.GetFiles(_mediaPath))
            {
                File.Delete(file);
            }
        }
    }

    private int RemoveQueued(Func<StatusRecord, bool> match)
    {
        lock (_gate)
        {
            var removed = _statuses.Where(s => s.Record.Queued && match(s.Record)).ToList();
            if (removed.Count > 0)
            {
                _statuses.RemoveAll(s => s.Record.Queued && match(s.Record));
                WriteIndex();
                foreach (var (_, record) in removed)
                {
                    File.Delete(MediaFile(record.Id));
                }
            }

            return removed.Count;
        }
    }

    private void Load(ILogger logger)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(_indexPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            StatusRecord? record = null;
            string problem;
            try
            {
                record = JsonSerializer.Deserialize<StatusRecord>(line, Json);
                problem = record == null ? "it holds no status" : "id, zaapId, instanceId or kind is missing";
            }
            catch (JsonException ex)
            {
                problem = ex.Message;
            }

            if (record is { Id.Length: > 0, ZaapId.Length: > 0, InstanceId.Length: > 0, Kind.Length: > 0 })
            {
                _statuses.Add((++_lastSequence, record));
            }
            else
            {
                logger.LogWarning("{IndexPath} line {LineNumber} is damaged and was skipped ({Problem}); the other statuses are kept.", _indexPath, lineNumber, problem);
            }
        }

        // A line torn by a crash has no end: close it, or the next status would be appended onto it and lost with it.
        using var index = new FileStream(_indexPath, FileMode.Open, FileAccess.ReadWrite);
        if (index.Length > 0)
        {
            index.Seek(-1, SeekOrigin.End);
            if (index.ReadByte() != '\n')
            {
                index.WriteByte((byte)'\n');
            }
        }
    }

    /// <summary>The whole index anew, beside the old one and then over it, so a crash leaves one or the other whole.</summary>
    private void WriteIndex()
    {
        string next = _indexPath + ".new";
        File.WriteAllText(next, string.Concat(_statuses.Select(s => JsonSerializer.Serialize(s.Record, Json) + "\n")));
        File.Move(next, _indexPath, overwrite: true);
    }

    private static string NewId(int length) => Convert.ToHexString(RandomNumberGenerator.GetBytes(length / 2));
}
