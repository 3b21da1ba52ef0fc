@{
    Synopsis    = 'Gets the statuses recorded in a status history, each in its latest state.'
    Description = @'
Get-ZApiStatusHistory reads a status history written by Send-ZApi*Status -HistoryPath and emits one StatusHistoryEntry per status (instance, kind, content SHA-256 and caption), in its latest state: Posted (with Z-API's ids), Refused (nothing was posted), InDoubt (sent without a clear answer, or its run ended mid-request), InFlight (a running process is posting it now) or Cancelled (taken out of Z-API''s queue with Remove-ZApiQueuedMessage: a later run posts it again). Each occurrence of a repeating row is an entry of its own, with its Occurrence. Use it to audit what a runbook posted and to find what to check on the phone. It reads without the lock, so it never delays a run; damaged lines are skipped with a warning that names the line (the first ten; the rest are counted in one more warning).
'@
    Parameters  = @{
        HistoryPath = 'The history file. Without it, the connection''s (Set-ZApiConnection -HistoryPath), else the ZAPI_HISTORY_PATH variable.'
        Since       = 'Only entries whose latest state was recorded at or after this time.'
        Outcome     = 'Only entries in these states: InFlight, Posted, Refused, InDoubt, Cancelled.'
    }
    Inputs      = @(@{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with a HistoryPath property.' })
    Outputs     = @(@{ Type = 'ZApi.Status.StatusHistoryEntry'; Description = 'Outcome, At, Kind, Source, Caption, MessageId, ZaapId, ErrorId, Occurrence, Sha256, InstanceId, Process, LineNumber and Key.' })
    Notes       = 'Error ids: HistoryUnavailable (no history set, it cannot be read, it is saved as UTF-16, or it has no readable line), HistoryFormatUnsupported (written by a newer module). See about_ZApi.Status.'
    Examples    = @(
        @{ Title = 'What is in doubt'; Code = 'Get-ZApiStatusHistory ./status-history.jsonl -Outcome InDoubt'; Remarks = 'Check each on the phone; post the missing ones again with -Force.' }
        @{ Title = 'What the last day posted'; Code = 'Get-ZApiStatusHistory -Since (Get-Date).AddDays(-1) -Outcome Posted | Format-Table'; Remarks = 'Uses the history of the connection or of ZAPI_HISTORY_PATH.' }
        @{ Title = 'Count what a runbook''s history holds'; Code = 'Get-ZApiStatusHistory $env:ZAPI_HISTORY_PATH | Group-Object Outcome -NoElement'; Remarks = 'One count per state.' }
    )
    Links       = @('Send-ZApiImageStatus', 'Set-ZApiConnection', 'about_ZApi.Status')
}
