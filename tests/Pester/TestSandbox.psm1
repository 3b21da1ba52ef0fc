# Starts ZApi.Sandbox on a free loopback port for a Pester file, and talks to its /_sandbox endpoints.
Set-StrictMode -Version 3.0

$script:InstanceId = 'pester-instance'
$script:Token = 'pester-route-T0KEN'
$script:ClientToken = 'pester-client-T0KEN'

function Start-TestSandbox {
    $dataPath = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-pester-" + [guid]::NewGuid().ToString('N'))
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($env:ZAPI_TEST_SANDBOX, '--urls', 'http://127.0.0.1:0', "--Sandbox:InstanceId=$script:InstanceId",
            "--Sandbox:Token=$script:Token", "--Sandbox:ClientToken=$script:ClientToken", "--Sandbox:DataPath=$dataPath")) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    # Bounded: the sandbox prints its address within a second or two; give up after 30 s.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    $baseUri = $null
    while (-not $baseUri -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait(30000)) { break }
        if ($null -eq $read.Result) { break }
        if ($read.Result -match 'listening on (http://\S+)') { $baseUri = $Matches[1] }
    }
    if (-not $baseUri) {
        $process.Kill()
        throw "ZApi.Sandbox ($env:ZAPI_TEST_SANDBOX) did not start within 30 s."
    }

    [pscustomobject]@{
        Process     = $process
        BaseUri     = $baseUri
        DataPath    = $dataPath
        InstanceId  = $script:InstanceId
        Token       = $script:Token
        ClientToken = $script:ClientToken
    }
}

function Stop-TestSandbox([Parameter(Mandatory)] $Sandbox) {
    if (-not $Sandbox.Process.HasExited) { $Sandbox.Process.Kill() }
    $Sandbox.Process.WaitForExit(10000) | Out-Null
    Remove-Item -Recurse -Force $Sandbox.DataPath -ErrorAction SilentlyContinue
}

function Reset-TestSandbox([Parameter(Mandatory)] $Sandbox, [hashtable] $Faults = @{}) {
    Invoke-RestMethod -Method Delete "$($Sandbox.BaseUri)/_sandbox/statuses" | Out-Null
    Invoke-RestMethod -Method Delete "$($Sandbox.BaseUri)/_sandbox/requests" | Out-Null
    Invoke-RestMethod -Method Put "$($Sandbox.BaseUri)/_sandbox/instances/$($Sandbox.InstanceId)/faults" -ContentType 'application/json' -Body ($Faults | ConvertTo-Json) | Out-Null
}

function Get-TestSandboxStatus([Parameter(Mandatory)] $Sandbox) {
    @(Invoke-RestMethod "$($Sandbox.BaseUri)/_sandbox/statuses")
}

function Get-TestSandboxRequest([Parameter(Mandatory)] $Sandbox) {
    @(Invoke-RestMethod "$($Sandbox.BaseUri)/_sandbox/requests")
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

# The command line of a child PowerShell like this one (pwsh as a dotnet tool runs inside dotnet).
function Get-ChildPowerShell {
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return , @("$PSHOME\powershell.exe") }
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return , @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    , @($process)
}

Export-ModuleMember -Function *-TestSandbox, Get-TestSandbox*, New-TestImage, Get-ChildPowerShell
