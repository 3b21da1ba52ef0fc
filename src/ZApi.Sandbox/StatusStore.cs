using System.Security.Cryptography;
using System.Text.Json;

namespace ZApi.Sandbox;

/// <summary>One status as the sandbox received it.</summary>
public sealed record StatusRecord(
    string Id,
    string ZaapId,
    string InstanceId,
    string Kind,
    string? MimeType,
    long ByteCount,
    string? Sha256,
    string? Caption,
    string? Message,
    string? Link,
    DateTimeOffset ReceivedAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public DateTimeOffset ExpiresAt => ReceivedAt + Lifetime;
}

/// <summary>One request to a Z-API route, for tests that count what reached the server.</summary>
public sealed record RequestRecord(string InstanceId, string Method, string Action, int StatusCode, DateTimeOffset At);

/// <summary>
/// The received statuses, kept in memory and on disk (media files plus an append-only index), and the request log.
/// </summary>
public sealed class StatusStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly object _gate = new();
    private readonly List<StatusRecord> _statuses = new();
    private readonly List<RequestRecord> _requests = new();
    private readonly string _mediaPath;
    private readonly string _indexPath;

    public StatusStore(string dataPath)
    {
        _mediaPath = Path.Combine(dataPath, "media");
        _indexPath = Path.Combine(dataPath, "statuses.jsonl");
        Directory.CreateDirectory(_mediaPath);
        if (File.Exists(_indexPath))
        {
            foreach (string line in File.ReadLines(_indexPath).Where(line => line.Length > 0))
            {
                _statuses.Add(JsonSerializer.Deserialize<StatusRecord>(line, Json)!);
            }
        }
    }

    public StatusRecord Add(string instanceId, string kind, string? mimeType, byte[]? media, string? caption, string? message, string? link)
    {
        string id = NewId(20);
        var record = new StatusRecord(
            id, NewId(32), instanceId, kind, mimeType, media?.LongLength ?? 0,
            media == null ? null : Convert.ToHexStringLower(SHA256.HashData(media)),
            caption, message, link, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            if (media != null)
            {
                File.WriteAllBytes(MediaFile(id), media);
            }

            File.AppendAllText(_indexPath, JsonSerializer.Serialize(record, Json) + "\n");
            _statuses.Add(record);
        }

        return record;
    }

    public IReadOnlyList<StatusRecord> Statuses()
    {
        lock (_gate)
        {
            return _statuses.ToArray();
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

    public void LogRequest(RequestRecord request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<RequestRecord> Requests()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    private static string NewId(int length) => Convert.ToHexString(RandomNumberGenerator.GetBytes(length / 2));
}
