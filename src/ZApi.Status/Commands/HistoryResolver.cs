using System;
using System.Management.Automation;
using System.Security;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Tables;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Where a command's status history is. A file and a table are one setting with one precedence: the command's own
    /// parameters, else the connection's (Set-ZApiConnection), else the environment (ZAPI_HISTORY_PATH,
    /// ZAPI_HISTORY_TABLE_URI); a file and a table at the same level is an error that names both. A table's
    /// credentials come from the first of: the SAS in its URL; -HistoryTableSas, then -HistoryTableAccessToken, on the
    /// command; the same from Set-ZApiConnection; ZAPI_HISTORY_TABLE_SAS; else the managed identity the runbook runs as.
    /// </summary>
    internal static class HistoryResolver
    {
        /// <summary>A file's full path or a table to read and write; null when no history is set at any level.</summary>
        public static HistoryChoice? Resolve(SessionState session, HistoryArguments given, ZApiConnection? connection, Func<string, string?> getVariable)
        {
            string? envPath = NonBlank(getVariable(ZApiConnection.HistoryPathVariable));
            string? envTable = NonBlank(getVariable(ZApiConnection.HistoryTableUriVariable));
            string? path, table, from;
            if (NonBlank(given.Path) != null || NonBlank(given.TableUri) != null)
            {
                (path, table, from) = (NonBlank(given.Path), NonBlank(given.TableUri), "-HistoryTableUri");
                Refuse(path, table, "-HistoryPath and -HistoryTableUri");
            }
            else if (connection?.HistoryPath != null || connection?.HistoryTableUri != null)
            {
                (path, table, from) = (connection!.HistoryPath, connection.HistoryTableUri, "Set-ZApiConnection -HistoryTableUri");
            }
            else
            {
                (path, table, from) = (envPath, envTable, ZApiConnection.HistoryTableUriVariable);
                Refuse(path, table, $"The environment variables {ZApiConnection.HistoryPathVariable} and {ZApiConnection.HistoryTableUriVariable}");
            }

            if (path != null)
            {
                return HistoryChoice.ForFile(ConnectionStore.FullHistoryPath(session, path));
            }

            if (table == null)
            {
                return null;
            }

            TableAddress address = TableAddress.Parse(table, from);
            // The connection's proxy, as for Z-API; without a connection (reading a history), the system's.
            var http = connection == null ? HttpClientCache.For(null, null, HttpClientCache.MaximumConnectTime) : HttpClientCache.For(connection);
            return HistoryChoice.ForTable(new TableClient(address, Credential(address, given, connection, getVariable), http));
        }

        /// <summary>Where a Send command's history is, for a batch on <paramref name="connection"/>; null when none is set.</summary>
        /// <param name="retry">The batch's retries, which bound how long an entry it leaves in flight in a table may stay so.</param>
        public static HistoryLocation? Locate(SessionState session, HistoryArguments given, ZApiConnection connection, RetryPolicy retry) =>
            Resolve(session, given, connection, Environment.GetEnvironmentVariable)?.Location(connection, retry);

        /// <summary>A table URL for Set-ZApiConnection: checked now, kept without its SAS (returned apart).</summary>
        public static (string Name, string? Sas) ParseForConnection(string uri)
        {
            TableAddress address = TableAddress.Parse(uri, "-HistoryTableUri");
            return (address.Name, address.Sas);
        }

        private static TableCredential Credential(TableAddress address, HistoryArguments given, ZApiConnection? connection, Func<string, string?> getVariable)
        {
            if (address.Sas != null)
            {
                return new SasCredential(address.Sas);
            }

            if ((Sas(given.TableSas, "-HistoryTableSas") ?? Token(given.TableAccessToken, "-HistoryTableAccessToken")
                ?? Sas(connection?.HistoryTableSas, "Set-ZApiConnection -HistoryTableSas") ?? Token(connection?.HistoryTableAccessToken, "Set-ZApiConnection -HistoryTableAccessToken"))
                is TableCredential chosen)
            {
                return chosen;
            }

            string? environmentSas = NonBlank(getVariable(ZApiConnection.HistoryTableSasVariable));
            return environmentSas != null
                ? Sas(ZApiConnection.ToSecureString(environmentSas), ZApiConnection.HistoryTableSasVariable)!
                : ManagedIdentityCredential.FromEnvironment(getVariable);
        }

        private static TableCredential? Sas(SecureString? secret, string from)
        {
            if (secret == null)
            {
                return null;
            }

            string sas = ZApiConnection.Reveal(secret).Trim();
            if (!TableAddress.IsSas(sas))
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                    $"{from} is not a SAS: a shared access signature is a query string with sig=, such as sv=...&sig=... from the Azure portal. Nothing was posted.");
            }

            return new SasCredential(sas);
        }

        private static TableCredential? Token(SecureString? secret, string from) =>
            secret == null ? null : new BearerCredential(ZApiConnection.Reveal(secret), "the access token from " + from);

        private static void Refuse(string? path, string? table, string both)
        {
            if (path != null && table != null)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                    $"{both} both name a status history; a run keeps one. Use the file or the table, not both. Nothing was posted.");
            }
        }

        private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
