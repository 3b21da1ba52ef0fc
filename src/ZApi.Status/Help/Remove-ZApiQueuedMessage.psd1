@{
    Synopsis    = 'Cancels messages waiting in Z-API''s queue before the phone sends them.'
    Description = @'
Remove-ZApiQueuedMessage takes messages out of the Z-API queue of the connection's instance (DELETE .../queue/{zaapId}), so a status queued while the phone was offline is never sent. It takes ZaapId by property name, so the output of Get-ZApiQueue pipes in. ConfirmImpact is High: it asks before each one unless -Confirm:$false is given; -WhatIf shows what it would cancel.

With a status history (-HistoryPath, Set-ZApiConnection -HistoryPath or ZAPI_HISTORY_PATH), a cancelled status is recorded as Cancelled: nothing was posted, so a later run of the calendar posts it again, and Get-ZApiStatusHistory -Outcome Cancelled shows it. A zaapId that no longer waits (sent already, or cancelled) is QueuedMessageNotFound, and the next one is still cancelled.
'@
    Parameters  = @{
        ZaapId      = 'The zaapId of each message to cancel, as Get-ZApiQueue (or a Send-ZApi*Status result) gives it. Binds a ZaapId property by property name.'
        HistoryPath = 'The status history that records each cancelled status as Cancelled. Without it, the connection''s (Set-ZApiConnection -HistoryPath), else the ZAPI_HISTORY_PATH variable; without any, nothing is recorded.'
        WhatIf      = 'Shows which messages would be cancelled, and cancels none.'
        Confirm     = 'Asks before cancelling each message. It asks by default (ConfirmImpact High); -Confirm:$false cancels without asking.'
    }
    Inputs      = @(
        @{ Type = 'ZApi.Status.ZApiQueuedMessage'; Description = 'Messages from Get-ZApiQueue, bound by their ZaapId property.' }
        @{ Type = 'System.String'; Description = 'zaapIds.' }
    )
    Outputs     = @(@{ Type = 'None'; Description = 'It writes nothing on success; -Verbose says what was cancelled and what the history recorded.' })
    Notes       = 'Error ids: QueuedMessageNotFound, ZApiNotConfigured, ZApiAuthenticationFailed, ZApiInstanceNotConnected, ZApiRateLimited, ZApiRequestFailed, ZApiUnreachable, HistoryUnavailable. See about_ZApi.Status.'
    Examples    = @(
        @{ Title = 'The phone was offline all morning'; Code = 'Get-ZApiQueue | Where-Object Created -lt (Get-Date).AddHours(-2) | Remove-ZApiQueuedMessage -Confirm:$false'; Remarks = 'Cancels what waited more than two hours; with a history, the next run of the calendar posts those statuses again.' }
        @{ Title = 'See first'; Code = 'Get-ZApiQueue | Remove-ZApiQueuedMessage -WhatIf'; Remarks = 'Names each message it would cancel; cancels none.' }
        @{ Title = 'One by its id'; Code = 'Remove-ZApiQueuedMessage 3999984263738042930CD6ECDE9VDWSA'; Remarks = 'Asks before it cancels.' }
    )
    Links       = @('Get-ZApiQueue', 'Get-ZApiStatusHistory', 'about_ZApi.Status')
}
