using System;
using System.IO;
using System.Management.Automation;
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
            string? path = null;
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

                path = ConnectionStore.ResolveHistoryPath(SessionState, HistoryPath, connection)
                    ?? throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                        "No status history is set. Pass -HistoryPath, or set one with Set-ZApiConnection -HistoryPath or the ZAPI_HISTORY_PATH variable.");
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    // A history is created by the first real post: none yet means no status was recorded there.
                    WriteVerbose($"The status history '{path}' does not exist yet: no status has been recorded there.");
                    return;
                }

                DateTimeOffset? since = Since.HasValue ? new DateTimeOffset(Since.Value) : (DateTimeOffset?)null;
                foreach (StatusHistoryEntry entry in FileHistoryStore.ReadEntries(path, WriteWarning))
                {
                    if ((since == null || entry.At >= since.Value) && (Outcome == null || Array.IndexOf(Outcome, entry.Outcome) >= 0))
                    {
                        WriteObject(entry);
                    }
                }
            }
            catch (ZApiException ex)
            {
                WriteError(ErrorRecords.Create(ex, path ?? HistoryPath));
            }
        }

        #endregion
    }
}
