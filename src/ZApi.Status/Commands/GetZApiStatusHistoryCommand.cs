using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using ZApi.Status.History;

namespace ZApi.Status.Commands
{
    /// <summary>The statuses in a status history, each in its latest state, for auditing and for resolving what is in doubt.</summary>
    [Cmdlet(VerbsCommon.Get, "ZApiStatusHistory", HelpUri = OnlineHelp.Commands)]
    [OutputType(typeof(StatusHistoryEntry))]
    public sealed class GetZApiStatusHistoryCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The history file; without it, the connection's (Set-ZApiConnection -HistoryPath), else ZAPI_HISTORY_PATH.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? HistoryPath { get; set; }

        /// <summary>A history table's URL, perhaps with a SAS.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? HistoryTableUri { get; set; }

        [Parameter]
        [SecretArgument]
        public SecureString? HistoryTableSas { get; set; }

        [Parameter]
        [SecretArgument(AcceptsAccessToken = true)]
        public SecureString? HistoryTableAccessToken { get; set; }

        /// <summary>Only this instance's statuses; a table is read one instance at a time, by default the connection's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? InstanceId { get; set; }

        /// <summary>Only entries recorded at or after this time.</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Only entries in these states.</summary>
        [Parameter]
        public StatusHistoryOutcome[]? Outcome { get; set; }

        #endregion

        #region Method Overrides

        protected override void ProcessRecord()
        {
            HistoryChoice? history = null;
            try
            {
                ZApiConnection? connection = null;
                try
                {
                    connection = ConnectionStore.Current;
                }
                catch (ZApiException)
                {
                    // A broken ZAPI_BASE_URI does not matter for reading a history.
                }

                var given = new HistoryArguments { Path = HistoryPath, TableUri = HistoryTableUri, TableSas = HistoryTableSas, TableAccessToken = HistoryTableAccessToken };
                history = HistoryResolver.Resolve(SessionState, given, connection, Environment.GetEnvironmentVariable)
                    ?? throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                        "No status history is set. Pass -HistoryPath or -HistoryTableUri, or set one with Set-ZApiConnection or the ZAPI_HISTORY_PATH or ZAPI_HISTORY_TABLE_URI variable.");
                if (history.Path != null && !File.Exists(history.Path) && !Directory.Exists(history.Path))
                {
                    // A history is created by the first real post: none yet means no status was recorded there.
                    WriteVerbose($"The status history '{history.Path}' does not exist yet: no status has been recorded there.");
                    return;
                }

                DateTimeOffset? since = Since.HasValue ? new DateTimeOffset(Since.Value) : (DateTimeOffset?)null;
                IEnumerable<StatusHistoryEntry> entries = history.Path != null
                    ? FileHistoryStore.ReadEntries(history.Path, WriteWarning).Where(entry => InstanceId == null || entry.InstanceId == InstanceId)
                    : TableHistoryStore.ReadEntries(history.Table!, InstanceId ?? connection?.InstanceId, since, Outcome, WriteWarning);
                foreach (StatusHistoryEntry entry in entries)
                {
                    if ((since == null || entry.At >= since.Value) && (Outcome == null || Array.IndexOf(Outcome, entry.Outcome) >= 0))
                    {
                        WriteObject(entry);
                    }
                }
            }
            catch (ZApiException ex)
            {
                // A table by its name, never by the URL as given: that may hold a SAS.
                WriteError(ErrorRecords.Create(ex, history?.Name ?? HistoryPath));
            }
        }

        #endregion
    }
}
