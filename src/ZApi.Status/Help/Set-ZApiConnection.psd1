@{
    Synopsis    = 'Sets the Z-API connection that this session''s ZApi.Status commands use.'
    Description = @'
Set-ZApiConnection stores the instance id, the instance's route token and the account's Client-Token for the current runspace. Every Send-ZApi*Status and Test-ZApiConnection call that has no -Connection uses it. Without it, the environment variables ZAPI_INSTANCE_ID, ZAPI_TOKEN, ZAPI_CLIENT_TOKEN and optionally ZAPI_BASE_URI are the connection.

The tokens are kept as SecureString and never shown: messages, verbose lines and ToString() show the route as /instances/<id>/token/***/. An http:// base URI to another machine gives a warning, because the tokens would travel in clear text. The id and tokens are trimmed (a trailing newline from Get-Content -Raw) and refused with ZApiNotConfigured when they cannot be sent (empty, . or .., a line break, space, control or non-ASCII character), from parameters and environment alike. Pass the tokens as SecureString or in variables, never as literals on the command line: PowerShell's error view and Trace-Command quote the line.
'@
    Parameters  = @{
        HistoryPath = 'A status history file that Send-ZApi*Status use with this connection (unless they pass -HistoryPath): what was posted is not posted again. A relative path is resolved against the current location now. See Runs that repeat in about_ZApi.Status.'
        HistoryTableUri = 'A status history table (its URL, perhaps with a SAS) that Send-ZApi*Status use with this connection, unless they name a history of their own. Checked now; the SAS is kept apart, never shown, and HistoryTableUri shows the URL without it. Cannot be combined with -HistoryPath. See Runs in Azure Automation in about_ZApi.Status.'
        HistoryTableSas = 'A SAS for the history table when its URL has none. Never shown, nor serialised with the connection.'
        HistoryTableAccessToken = 'A bearer token for the history table (Get-AzAccessToken -ResourceUrl https://storage.azure.com/, the object or its Token). Never shown, nor serialised with the connection.'
        InstanceId      = 'The instance id from the Z-API panel (the part after /instances/ in the API URL).'
        Token           = 'The instance''s route token. Takes a SecureString (what Get-Secret and Read-Host -AsSecureString return), a PSCredential (its password is used) or a string.'
        ClientToken     = 'The account''s security token, sent as the Client-Token header. Takes a SecureString, a PSCredential or a string.'
        BaseUri         = 'The Z-API address; https://api.z-api.io unless you use a local sandbox or a gateway of your own. Must be an absolute http or https URI.'
        TimeoutSec      = 'How long a request may stay silent, in seconds (no body bytes moving, or no answer after the body), before it is abandoned; a long upload that keeps moving is not cut off. Connecting has its own deadline of 10 seconds, or TimeoutSec when shorter. A post abandoned after its body began is reported as ZApiOutcomeUnknown and never repeated.'
        Proxy           = 'A proxy for this connection only. Without it the system proxy applies (HTTPS_PROXY, HTTP_PROXY and NO_PROXY on PowerShell 7; Internet Options on Windows PowerShell). Put no user name or password in the URI; use -ProxyCredential.'
        ProxyCredential = 'The credential for -Proxy.'
        PassThru        = 'Also returns the connection, for -Connection on later calls or for a second account.'
    }
    Defaults    = @{ BaseUri = 'https://api.z-api.io'; TimeoutSec = '100' }
    Inputs      = @(@{ Type = 'System.Management.Automation.PSObject'; Description = 'An object with InstanceId, Token, ClientToken (and optionally BaseUri, TimeoutSec, Proxy) properties binds by property name.' })
    Outputs     = @(@{ Type = 'ZApi.Status.ZApiConnection'; Description = 'With -PassThru only: the connection, secrets masked.' })
    Examples    = @(
        @{
            Title   = 'Connect with secrets from SecretManagement'
            Code    = 'Set-ZApiConnection -InstanceId 3C2A... -Token (Get-Secret ZApiToken) -ClientToken (Get-Secret ZApiClientToken)'
            Remarks = 'Get-Secret returns SecureString; the tokens are never converted to plain text in your session.'
        }
        @{
            Title   = 'Point at the local sandbox'
            Code    = 'Set-ZApiConnection -InstanceId sandbox -Token sandbox-token -ClientToken sandbox-client-token -BaseUri http://127.0.0.1:5099'
            Remarks = 'Statuses go to the sandbox''s gallery instead of WhatsApp. http to the loopback address gives no warning.'
        }
        @{
            Title   = 'Keep a status history for every post of the session'
            Code    = @'
Set-ZApiConnection -InstanceId $id -Token (Get-Secret ZApiToken) -ClientToken (Get-Secret ZApiClientToken) -HistoryPath ~/status-history.jsonl
Get-ChildItem ./week12 -File | Send-ZApiImageStatus -Caption 'Week 12'
'@
            Remarks = 'Every Send-ZApi*Status of the session records its posts there and skips what an earlier run posted (AlreadyPosted), unless a call names another -HistoryPath. In a runbook, the ZAPI_HISTORY_PATH variable does the same.'
        }
        @{
            Title   = 'Two accounts in one script'
            Code    = @'
$shop = Set-ZApiConnection -InstanceId $shopId -Token $shopToken -ClientToken $clientToken -PassThru
$club = Set-ZApiConnection -InstanceId $clubId -Token $clubToken -ClientToken $clientToken -PassThru
Send-ZApiTextStatus 'Open until 18:00' -Connection $shop
Send-ZApiTextStatus 'Training at 19:00' -Connection $club
'@
            Remarks = 'The last Set-ZApiConnection is also the session default; -Connection picks one per call.'
        }
        @{
            Title   = 'A status history in an Azure table'
            Code    = 'Set-ZApiConnection -InstanceId $id -Token $token -ClientToken $clientToken -HistoryTableUri $env:STATUS_TABLE_URL_WITH_SAS'
            Remarks = 'Every Send-ZApi*Status of this session posts each status once, across runs and machines; Get-ZApiConnection shows the table without its SAS.'
        }
    )
    Links       = @('Get-ZApiConnection', 'Test-ZApiConnection', 'about_ZApi.Status')
}
