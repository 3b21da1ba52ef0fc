using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// This session's default connection: the one Set-ZApiConnection stored in this runspace, else the environment
    /// variables, so a runbook needs no set-up code.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();

        public static ZApiConnection? Current => Session?.Connection ?? ZApiConnection.FromEnvironment(Environment.GetEnvironmentVariable);

        /// <summary>The connection a cmdlet uses: its -Connection, else this session's; throws ZApiNotConfigured when there is none.</summary>
        public static ZApiConnection Resolve(ZApiConnection? given) => given ?? Current ?? throw NotConfigured();

        public static void Set(ZApiConnection connection)
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            if (runspace != null)
            {
                Sessions.GetOrCreateValue(runspace).Connection = connection;
            }
        }

        public static ZApiException NotConfigured() =>
            new ZApiException(ZApiErrorId.ZApiNotConfigured,
                "No Z-API connection is set. Run Set-ZApiConnection -InstanceId <id> -Token <token> -ClientToken <client token>, "
                + "set the environment variables ZAPI_INSTANCE_ID, ZAPI_TOKEN and ZAPI_CLIENT_TOKEN, or pass -Connection.");

        private static Holder? Session =>
            Runspace.DefaultRunspace is Runspace runspace && Sessions.TryGetValue(runspace, out Holder holder) ? holder : null;

        private sealed class Holder
        {
            public ZApiConnection? Connection;
        }
    }
}
