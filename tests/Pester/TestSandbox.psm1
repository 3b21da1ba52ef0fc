# The sandbox for a Pester file, with test credentials, and its /_sandbox endpoints.
Set-StrictMode -Version 3.0

$script:InstanceId = 'pester-instance'
$script:Token = 'pester-route-T0KEN'
$script:ClientToken = 'pester-client-T0KEN'

Import-Module (Join-Path $PSScriptRoot '../../src/ZApi.Sandbox/ZApi.Sandbox.psm1')

function Start-TestSandbox {
    $dataPath = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-pester-" + [guid]::NewGuid().ToString('N'))
    Start-ZApiSandbox -SandboxPath $env:ZAPI_TEST_SANDBOX -DataPath $dataPath -InstanceId $script:InstanceId -Token $script:Token -ClientToken $script:ClientToken
}

function Stop-TestSandbox([Parameter(Mandatory)] $Sandbox) { Stop-ZApiSandbox $Sandbox -RemoveData }

function Reset-TestSandbox([Parameter(Mandatory)] $Sandbox, [hashtable] $Faults = @{}) {
    Invoke-RestMethod -Method Delete "$($Sandbox.BaseUri)/_sandbox/statuses" | Out-Null
    Invoke-RestMethod -Method Delete "$($Sandbox.BaseUri)/_sandbox/requests" | Out-Null
    Invoke-RestMethod -Method Put "$($Sandbox.BaseUri)/_sandbox/instances/$($Sandbox.InstanceId)/faults" -ContentType 'application/json' -Body ($Faults | ConvertTo-Json) | Out-Null
}

# Sets this session's connection to the sandbox; a wrong -ClientToken tests refusal.
function Connect-TestSandbox([Parameter(Mandatory)] $Sandbox, [string] $ClientToken = $Sandbox.ClientToken) {
    Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $ClientToken -BaseUri $Sandbox.BaseUri
}

function Get-ErrorId([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }

# A port that nothing listens on: bind one, note it, let it go.
function Get-ClosedPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $port
}

function Get-Sha256([Parameter(Mandatory)] [string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant() }

function Get-TestSandboxStatus([Parameter(Mandatory)] $Sandbox) {
    @(Invoke-RestMethod "$($Sandbox.BaseUri)/_sandbox/statuses")
}

function Get-TestSandboxRequest([Parameter(Mandatory)] $Sandbox) {
    @(Invoke-RestMethod "$($Sandbox.BaseUri)/_sandbox/requests")
}

# An MP4 (or, with -Brand 3gp4, a 3GP) file of the given size (at least 40 bytes) with the top-level boxes of a
# playable one: ftyp, an empty moov, and an mdat of deterministic content.
function New-TestVideo([Parameter(Mandatory)] [string] $Path, [string] $Brand = 'isom', [int] $Size = 4096) {
    $bytes = [byte[]]::new($Size)
    [System.Random]::new($Size + $Path.Length).NextBytes($bytes)
    $ascii = [System.Text.Encoding]::ASCII
    $mdatSize = [BitConverter]::GetBytes([int]($Size - 32)); [Array]::Reverse($mdatSize)
    ([byte[]](0, 0, 0, 24) + $ascii.GetBytes("ftyp$Brand") + [byte[]](0, 0, 0, 0) + $ascii.GetBytes("$($Brand)isom") +
        [byte[]](0, 0, 0, 8) + $ascii.GetBytes('moov') + $mdatSize + $ascii.GetBytes('mdat')).CopyTo($bytes, 0)
    [System.IO.File]::WriteAllBytes($Path, $bytes)
    Get-Item -LiteralPath $Path
}

# A file with a real image header and deterministic content of the given size.
function New-TestImage([Parameter(Mandatory)] [string] $Path, [ValidateSet('png', 'jpeg', 'gif', 'webp')] [string] $Kind = 'png', [int] $Size = 2048) {
    $headers = @{
        png  = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
        jpeg = [byte[]](0xFF, 0xD8, 0xFF, 0xE0)
        gif  = [System.Text.Encoding]::ASCII.GetBytes('GIF89a')
        webp = [System.Text.Encoding]::ASCII.GetBytes('RIFF0000WEBPVP8 ')
    }
    $bytes = [byte[]]::new($Size)
    [System.Random]::new($Size + $Path.Length).NextBytes($bytes)
    $headers[$Kind].CopyTo($bytes, 0)
    [System.IO.File]::WriteAllBytes($Path, $bytes)
    Get-Item -LiteralPath $Path
}

. (Join-Path $PSScriptRoot '../Get-ChildPowerShell.ps1')

# Runs $Script in a child, non-interactive PowerShell with the module connected to the sandbox; returns what it printed.
function Invoke-ConnectedChild([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Script) {
    $child = Get-ChildPowerShell
    $connect = "Import-Module '$env:ZAPI_TEST_MODULE'; " +
        "Set-ZApiConnection -InstanceId '$($Sandbox.InstanceId)' -Token '$($Sandbox.Token)' -ClientToken '$($Sandbox.ClientToken)' -BaseUri '$($Sandbox.BaseUri)'; "
    & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command ($connect + $Script)
}

# A child pwsh, connected to the sandbox, running $Script in the background with this process's environment; its
# output is read when it ends.
function Start-TestSandboxChild([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Script) {
    $command = Get-ChildPowerShell
    $start = New-ProcessStart $command[0] (@($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
            ("Import-Module '$env:ZAPI_TEST_MODULE'; " +
            "Set-ZApiConnection -InstanceId '$($Sandbox.InstanceId)' -Token '$($Sandbox.Token)' -ClientToken '$($Sandbox.ClientToken)' -BaseUri '$($Sandbox.BaseUri)'; " +
            $Script)))
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    [System.Diagnostics.Process]::Start($start)
}

# Three child processes that pipe the same folder into Send-ZApiImageStatus at once (one in reverse order), with
# $HistoryArguments (text such as "-HistoryPath 'x'", or none for a history from the environment); what each
# reported: how many it posted, how many were already posted, and its error ids and count.
function Invoke-CompetingImageBatch([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Folder, [string] $HistoryArguments = '') {
    $script = "`$r = @(Get-ChildItem '$Folder' -File | Sort-Object Name ORDER | Send-ZApiImageStatus $HistoryArguments -ErrorVariable e -ErrorAction SilentlyContinue); " +
        "'POSTED ' + @(`$r | Where-Object Outcome -EQ Posted).Count; 'ALREADY ' + @(`$r | Where-Object Outcome -EQ AlreadyPosted).Count; " +
        "'ERRORS ' + ((@(`$e) | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique) -join ',') + ' ' + @(`$e).Count"
    $children = '', '-Descending', '' | ForEach-Object { Start-TestSandboxChild $Sandbox ($script.Replace('ORDER', $_)) }
    foreach ($child in $children) {
        $text = $child.StandardOutput.ReadToEndAsync()
        if (-not $child.WaitForExit(180000)) { $child.Kill($true); throw 'A competing batch did not finish within 180 s.' }
        $output = $text.Result
        if ($output -notmatch 'POSTED (\d+)') { throw "A competing batch printed no counts: $output $($child.StandardError.ReadToEnd())" }
        $errors = [regex]::Match($output, 'ERRORS (\S*) (\d+)')
        [pscustomobject]@{
            Posted        = [int]([regex]::Match($output, 'POSTED (\d+)').Groups[1].Value)
            AlreadyPosted = [int]([regex]::Match($output, 'ALREADY (\d+)').Groups[1].Value)
            ErrorIds      = $errors.Groups[1].Value
            Errors        = [int]$errors.Groups[2].Value
        }
    }
}

# Starts "$Files | Send-ZApiImageStatus @Parameters" connected to the sandbox in a runspace of its own, for tests that
# stop it as Ctrl+C does. Returns the PowerShell (dispose it), its async result and its output collection.
function Start-ConnectedImageBatch([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string[]] $Files, [hashtable] $Parameters = @{}) {
    $shell = [powershell]::Create()
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $null = $shell.AddScript({
            param($Module, $Sandbox, $Files, $Parameters)
            Import-Module $Module
            Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri
            $Files | Send-ZApiImageStatus @Parameters
        }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument($Sandbox).AddArgument($Files).AddArgument($Parameters)
    [pscustomobject]@{ Shell = $shell; Output = $output; Running = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output) }
}

Export-ModuleMember -Function *-TestSandbox, Get-TestSandbox*, Start-TestSandboxChild, Invoke-CompetingImageBatch, Start-ConnectedImageBatch, Invoke-ConnectedChild, New-TestImage, New-TestVideo, Get-ChildPowerShell, New-ProcessStart, Get-ErrorId, Get-Sha256, Get-ClosedPort
