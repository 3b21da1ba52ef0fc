namespace ZApi.Sandbox;

/// <summary>The requests to Z-API routes since the last clear, in the order they arrived.</summary>
public sealed class RequestLog
{
    private readonly List<RequestRecord> _requests = new();

    public void Add(RequestRecord request)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<RequestRecord> All()
    {
        lock (_requests)
        {
            return _requests.OrderBy(r => r.At).ToArray();
        }
    }

    public void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }
}
