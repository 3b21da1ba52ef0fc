@{
    Synopsis    = 'Gets the Z-API connection that this session uses, with its secrets masked.'
    Description = @'
Get-ZApiConnection returns the connection set by Set-ZApiConnection in this runspace or, when there is none, the one described by the ZAPI_* environment variables. Source says which. The route token and Client-Token are SecureString and are never shown. When neither is set, it writes a ZApiNotConfigured error.
'@
    Parameters  = @{}
    Inputs      = @(@{ Type = 'None'; Description = 'It takes no pipeline input.' })
    Outputs     = @(@{ Type = 'ZApi.Status.ZApiConnection'; Description = 'InstanceId, BaseUri, TimeoutSec, Proxy, Source, and the tokens as SecureString.' })
    Examples    = @(
        @{ Title = 'See which connection is in use'; Code = 'Get-ZApiConnection'; Remarks = 'Shows the instance, the base URI and where the connection came from, with the tokens masked.' }
        @{ Title = 'Check in a runbook that the environment is complete'; Code = 'if (-not (Get-ZApiConnection -ErrorAction SilentlyContinue)) { throw ''Set ZAPI_INSTANCE_ID, ZAPI_TOKEN and ZAPI_CLIENT_TOKEN.'' }'; Remarks = 'Fails early, before any input is read.' }
        @{ Title = 'Keep the current connection for later'; Code = '$connection = Get-ZApiConnection; Send-ZApiTextStatus ''Hello'' -Connection $connection'; Remarks = 'The object can be passed to -Connection.' }
    )
    Links       = @('Set-ZApiConnection', 'about_ZApi.Status')
}
