using System;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace ZApi.Status.Commands
{
    /// <summary>Sets this session's default Z-API connection.</summary>
    [Cmdlet(VerbsCommon.Set, "ZApiConnection", HelpUri = OnlineHelp.Commands)]
    [OutputType(typeof(ZApiConnection))]
    public sealed class SetZApiConnectionCommand : PSCmdlet
    {
        #region Parameters

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string InstanceId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [SecretArgument]
        public SecureString Token { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [SecretArgument]
        public SecureString ClientToken { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateHttpUri]
        public Uri BaseUri { get; set; } = ZApiConnection.DefaultBaseUri;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = ZApiConnection.DefaultTimeoutSec;

        /// <summary>A proxy for this connection only; without it the system's or environment's proxy applies.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateHttpUri]
        public Uri? Proxy { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>The status history for this connection's posts; created on first use.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? HistoryPath { get; set; }

        /// <summary>The status history table for this connection's posts: its URL, perhaps with a SAS.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? HistoryTableUri { get; set; }

        [Parameter]
        [SecretArgument]
        public SecureString? HistoryTableSas { get; set; }

        [Parameter]
        [SecretArgument(AcceptsAccessToken = true)]
        public SecureString? HistoryTableAccessToken { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        #region Method Overrides

        protected override void ProcessRecord()
        {
            if (ProxyCredential != null && Proxy == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException("-ProxyCredential needs -Proxy: name the proxy that the credential is for."),
                    "ProxyCredentialWithoutProxy", ErrorCategory.InvalidArgument, null));
            }

            NetworkCredential? proxyCredential = ProxyCredential == null
                ? null
                : new NetworkCredential(ProxyCredential.UserName, ProxyCredential.Password);
            (string? historyPath, (string Name, string? Sas) table) = ResolveHistory();

            ZApiConnection connection;
            try
            {
                connection = new ZApiConnection(InstanceId, Token, ClientToken, BaseUri, TimeoutSec, proxy: Proxy, proxyCredential: proxyCredential,
                    historyPath: historyPath, historyTableUri: table.Name,
                    historyTableSas: table.Sas == null ? HistoryTableSas : ZApiConnection.ToSecureString(table.Sas), historyTableAccessToken: HistoryTableAccessToken);
            }
            catch (ZApiException ex)
            {
                // No target: the input that failed may be a secret.
                ThrowTerminatingError(ErrorRecords.Create(ex, null));
                return;
            }

            if (connection.ClearTextWarning is string clearText)
            {
                WriteWarning(clearText);
            }

            ConnectionStore.Set(connection);
            WriteVerbose("Default connection for this session: " + connection);
            if (PassThru)
            {
                WriteObject(connection);
            }
        }

        /// <summary>The history this connection keeps: a full file path, or a table's URL (without its SAS) and the SAS.</summary>
        private (string? Path, (string Name, string? Sas) Table) ResolveHistory()
        {
            string? historyPath = null;
            (string Name, string? Sas) table = default;
            try
            {
                if (HistoryPath != null && HistoryTableUri != null)
                {
                    throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                        "-HistoryPath and -HistoryTableUri both name a status history; a connection keeps one. Use the file or the table, not both.");
                }

                historyPath = HistoryPath == null ? null : ConnectionStore.FullHistoryPath(SessionState, HistoryPath);
                table = HistoryTableUri == null ? default : HistoryResolver.ParseForConnection(HistoryTableUri);
            }
            catch (ZApiException ex)
            {
                // Never the table's URL as given: it may hold a SAS.
                ThrowTerminatingError(ErrorRecords.Create(ex, HistoryPath ?? table.Name));
            }

            if (table.Name != null && table.Name.StartsWith("http:", StringComparison.OrdinalIgnoreCase) && !new Uri(table.Name).IsLoopback)
            {
                WriteWarning($"-HistoryTableUri '{table.Name}' uses http: its SAS or token would travel in clear text. Use https unless this is a test server on your own machine.");
            }

            return (historyPath, table);
        }

        #endregion
    }
}
