namespace ZApi.Status
{
    /// <summary>What Test-ZApiConnection reports: whether the instance and its phone are connected.</summary>
    public sealed class ZApiInstanceStatus
    {
        public ZApiInstanceStatus(string instanceId, bool connected, bool smartphoneConnected, string? error)
        {
            InstanceId = instanceId;
            Connected = connected;
            SmartphoneConnected = smartphoneConnected;
            Error = error;
        }

        public string InstanceId { get; }

        public bool Connected { get; }

        public bool SmartphoneConnected { get; }

        public string? Error { get; }

        public override string ToString() =>
            $"{InstanceId}: Connected={Connected}, SmartphoneConnected={SmartphoneConnected}" + (string.IsNullOrEmpty(Error) ? string.Empty : $", Error={Error}");
    }
}
