@{
    Synopsis    = 'Lists the messages waiting in Z-API''s queue.'
    Description = @'
Get-ZApiQueue lists what waits in the Z-API queue of the connection's instance: statuses (and messages) that Z-API accepted while the phone was offline, and sends all at once when it is back, which can put a "good morning" on the status at night. It asks POST .../queue a page at a time and follows every page, and emits one ZApiQueuedMessage per waiting message, in the order Z-API lists them. Pipe the ones that should not go out any more to Remove-ZApiQueuedMessage. A refused token stops with ZApiAuthenticationFailed, a server that cannot be reached with ZApiUnreachable or ZApiRequestFailed.
'@
    Parameters  = @{}
    Inputs      = @(@{ Type = 'None'; Description = 'It takes no pipeline input.' })
    Outputs     = @(@{ Type = 'ZApi.Status.ZApiQueuedMessage'; Description = 'ZaapId, MessageId, Created (local time), Phone (status@broadcast for a status) and Message (a text, or a status''s caption).' })
    Notes       = 'Error ids: ZApiNotConfigured, ZApiAuthenticationFailed, ZApiInstanceNotConnected, ZApiRateLimited, ZApiRequestFailed, ZApiUnreachable. See about_ZApi.Status.'
    Examples    = @(
        @{ Title = 'What waits for the phone'; Code = 'Get-ZApiQueue'; Remarks = 'Created, ZaapId and Message of each waiting message; an empty queue shows nothing.' }
        @{ Title = 'The phone was offline all morning'; Code = 'Get-ZApiQueue | Where-Object Created -lt (Get-Date).AddHours(-2) | Remove-ZApiQueuedMessage'; Remarks = 'Cancels what waited more than two hours, one confirmation each; -Confirm:$false in a runbook.' }
        @{ Title = 'Count before a batch'; Code = '@(Get-ZApiQueue).Count'; Remarks = 'A runbook can stop, or warn, when statuses are still waiting.' }
    )
    Links       = @('Remove-ZApiQueuedMessage', 'Test-ZApiConnection', 'about_ZApi.Status')
}
