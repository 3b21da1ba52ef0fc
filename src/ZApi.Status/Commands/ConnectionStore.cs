using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// This session's default connection: the one Set-ZApiConnection stored in this runspace, else the environment
    /// variables, so a runbook needs no set-up code.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();

        /// <summary>How a message names the settings of a connection: the parameters of Set-ZApiConnection.</summary>
        public static readonly ConnectionAdvice Advice = new ConnectionAdvice("-BaseUri", "raise -TimeoutSec with Set-ZApiConnection");

        public static ZApiConnection? Current => Session?.Connection ?? ZApiConnection.FromEnvironment(Environment.GetEnvironmentVariable);

        /// <summary>The connection a cmdlet uses: its -Connection, else this session's; throws ZApiNotConfigured when there is none.</summary>
        /// <param name="warn">
        /// Told when a connection from the environment would send the tokens in clear text: Set-ZApiConnection warns
        /// once when it is given such a URI, the environment has no such moment, so every command that uses it warns.
        /// </param>
        public static ZApiConnection Resolve(ZApiConnection? given, Action<string> warn)
        {
            ZApiConnection connection = given ?? Current ?? throw NotConfigured();
            if (connection.Source == ZApiConnection.EnvironmentSource && connection.ClearTextWarning is string clearText)
            {
                warn(clearText);
            }

            return connection;
        }

        /// <summary>As <see cref="Resolve"/>, for a command that can validate its input without a connection (-WhatIf): why there is none instead of a throw.</summary>
        public static (ZApiConnection? Connection, ZApiException? Missing) TryResolve(ZApiConnection? given, Action<string> warn)
        {
            try
            {
                return (Resolve(given, warn), null);
            }
            catch (ZApiException ex)
            {
                return (null, ex);
            }
        }

        public static void Set(ZApiConnection connection)
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            if (runspace != null)
            {
                Sessions.GetOrCreateValue(runspace).Connection = connection;
            }
        }

        /// <summary>A history file's full path: relative paths are PowerShell's, not the process's; only the FileSystem provider has files.</summary>
        public static string FullHistoryPath(SessionState session, string path)
        {
            try
            {
                string full = session.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (provider.Name == "FileSystem")
                {
                    return full;
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is PSArgumentException || ex is NotSupportedException)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable, $"'{path}' is not a valid status history path: {ex.Message} Pass a file path such as ./status-history.jsonl.", ex);
            }

            throw new ZApiException(ZApiErrorId.HistoryUnavailable, $"'{path}' is not a file-system path. Pass a file path for the status history, such as ./status-history.jsonl.");
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
