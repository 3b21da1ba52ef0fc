namespace ZApi.Sandbox;

/// <summary>The configured instances and each one's live faults, which tests change at run time.</summary>
public sealed class InstanceRegistry
{
    private readonly Dictionary<string, InstanceState> _instances;

    public InstanceRegistry(IEnumerable<SandboxInstance> instances)
    {
        _instances = instances.ToDictionary(i => i.InstanceId, i => new InstanceState(i), StringComparer.Ordinal);
    }

    public InstanceState? Find(string instanceId) => _instances.GetValueOrDefault(instanceId);
}

public sealed class InstanceState
{
    private readonly object _gate = new();
    private SandboxFaults _faults;

    public InstanceState(SandboxInstance instance)
    {
        Instance = instance;
        _faults = instance.Faults.Copy();
    }

    public SandboxInstance Instance { get; }

    public SandboxFaults Faults
    {
        get { lock (_gate) { return _faults.Copy(); } }
        set { lock (_gate) { _faults = value.Copy(); } }
    }

    /// <summary>Takes one from a fault's count; true when the fault applies to this request.</summary>
    public bool Take(Func<SandboxFaults, int> get, Action<SandboxFaults, int> set)
    {
        lock (_gate)
        {
            int left = get(_faults);
            if (left <= 0)
            {
                return false;
            }

            set(_faults, left - 1);
            return true;
        }
    }
}
