@{
    Synopsis    = 'Asks Z-API whether the instance and its phone are connected.'
    Description = @'
Test-ZApiConnection calls GET .../status for the connection and returns Connected, SmartphoneConnected and Error, so a runbook can check before a batch instead of failing on its first image. It fails with the same error ids as the Send commands when it cannot tell: ZApiAuthenticationFailed for refused tokens, ZApiRequestFailed when Z-API cannot be reached. A status check is never a post, so it is never an unknown outcome.
'@
    Parameters  = @{}
    Inputs      = @(@{ Type = 'None'; Description = 'It takes no pipeline input.' })
    Outputs     = @(@{ Type = 'ZApi.Status.ZApiInstanceStatus'; Description = 'InstanceId, Connected, SmartphoneConnected and Z-API''s Error text.' })
    Examples    = @(
        @{ Title = 'Check by hand'; Code = 'Test-ZApiConnection'; Remarks = 'Connected is false when the phone has no session; SmartphoneConnected is false when the phone is offline (Z-API then queues).' }
        @{ Title = 'Stop a runbook early'; Code = @'
$state = Test-ZApiConnection -ErrorAction Stop
if (-not $state.Connected) { throw "Z-API instance $($state.InstanceId) is not connected: $($state.Error)" }
'@; Remarks = 'Nothing is posted when the phone is not connected.' }
        @{ Title = 'Check a second account'; Code = 'Test-ZApiConnection -Connection $club'; Remarks = 'Uses a connection from Set-ZApiConnection -PassThru.' }
    )
    Links       = @('Set-ZApiConnection', 'Send-ZApiImageStatus', 'about_ZApi.Status')
}
