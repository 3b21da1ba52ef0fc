@{
    Synopsis    = 'Gets the statuses recorded in a status history, each in its latest state.'
    Description = @'
Get-ZApiStatusHistory reads a status history written by Send-ZApi*Status -HistoryPath or -HistoryTableUri and emits one StatusHistoryEntry per status (instance, kind, content SHA-256 and caption), in its latest state: Posted (with Z-API's ids), Refused (nothing was posted), InDoubt (sent without a clear answer, or its run ended mid-request), InFlight (a running process is posting it now) or Cancelled (taken out of Z-API''s queue with Remove-ZApiQueuedMessage: a later run posts it again). Each occurrence of a repeating row is an entry of its own, with its Occurrence. Use it to audit what a runbook posted and to find what to check on the phone. It reads without the lock, so it never delays a run; damaged lines are skipped with a warning that names the line (the first ten; the rest are counted in one more warning).

A table keeps one partition per instance and is read one instance at a time: -InstanceId, else the connection's instance, else every instance; -Since and -Outcome are filtered by the table itself. An entry in flight on another machine reads as InFlight until its lease (the longest its request could still run) has passed, then as InDoubt.
'@
    Parameters  = @{
        HistoryPath = 'The history file. Without it, the connection''s (Set-ZApiConnection -HistoryPath), else the ZAPI_HISTORY_PATH variable.'
        HistoryTableUri = 'A history table''s URL, perhaps with a SAS, as for Send-ZApiImageStatus -HistoryTableUri. Cannot be combined with -HistoryPath.'
        HistoryTableSas = 'A SAS for the history table when its URL has none.'
        HistoryTableAccessToken = 'A bearer token for the history table, when there is no SAS.'
        InstanceId  = 'Only this instance''s statuses. Without it, a table is read for the connection''s instance (every instance when no connection is set) and a file for every instance.'
        Since       = 'Only entries whose latest state was recorded at or after this time.'
        Outcome     = 'Only entries in these states: InFlight, Posted, Refused, InDoubt, Cancelled.'
    }
    Inputs      = @(@{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with a HistoryPath or HistoryTableUri property.' })
    Outputs     = @(@{ Type = 'ZApi.Status.StatusHistoryEntry'; Description = 'Outcome, At, Kind, Source, Caption, MessageId, ZaapId, ErrorId, Occurrence, Sha256, InstanceId, Process, LineNumber and Key.' })
    Notes       = 'Error ids: HistoryUnavailable (no history set, it cannot be read, it is saved as UTF-16, or it has no readable line), HistoryFormatUnsupported (written by a newer module). See about_ZApi.Status.'
    Examples    = @(
        @{ Title = 'What is in doubt'; Code = 'Get-ZApiStatusHistory ./status-history.jsonl -Outcome InDoubt'; Remarks = 'Check each on the phone; post the missing ones again with -Force.' }
        @{ Title = 'What the last day posted'; Code = 'Get-ZApiStatusHistory -Since (Get-Date).AddDays(-1) -Outcome Posted | Format-Table'; Remarks = 'Uses the history of the connection or of ZAPI_HISTORY_PATH.' }
        @{ Title = 'A runbook''s table history'; Code = 'Get-ZApiStatusHistory -HistoryTableUri $env:ZAPI_HISTORY_TABLE_URI -HistoryTableSas $env:ZAPI_HISTORY_TABLE_SAS -Outcome InDoubt'; Remarks = 'The statuses in doubt of the connection''s instance, from the table that Azure Automation runs share.' }
        @{ Title = 'Count what a runbook''s history holds'; Code = 'Get-ZApiStatusHistory $env:ZAPI_HISTORY_PATH | Group-Object Outcome -NoElement'; Remarks = 'One count per state.' }
    )
    Links       = @('Send-ZApiImageStatus', 'Set-ZApiConnection', 'about_ZApi.Status')
}
