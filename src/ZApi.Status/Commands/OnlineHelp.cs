namespace ZApi.Status.Commands
{
    /// <summary>Where Get-Help -Online goes: the project's README (the manifest's ProjectUri), at its command reference.</summary>
    internal static class OnlineHelp
    {
        public const string Commands = "https://github.com/zapi-status/ZApi.Status#commands";
    }
}
