# Azurite's table service for the Pester scenarios: started on a free loopback port with a folder of its own, ended
# by closing its standard input (tests/Azurite/start-table.js exits then), and table SAS signed with Azurite's
# published development key (test code only). Where npm or Node.js is missing, Start-TestAzurite says why.
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot '../../Get-ChildPowerShell.ps1')

$script:Account = 'devstoreaccount1'
# Azurite's well-known development key: public, and valid only for the emulator.
$script:AccountKey = [Convert]::FromBase64String('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==')
$script:SasVersion = '2019-02-02'

function Get-Signature([string] $StringToSign) {
    $hmac = [System.Security.Cryptography.HMACSHA256]::new($script:AccountKey)
    try { [Convert]::ToBase64String($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($StringToSign))) } finally { $hmac.Dispose() }
}

function Get-Expiry { [DateTime]::UtcNow.AddHours(2).ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture) }

# A service SAS for one table (no leading '?').
function New-TestTableSas([Parameter(Mandatory)] [string] $Table, [string] $Permissions = 'raud') {
    $se = Get-Expiry
    $sig = Get-Signature "$Permissions`n`n$se`n/table/$script:Account/$($Table.ToLowerInvariant())`n`n`n`n$script:SasVersion`n`n`n`n"
    "sv=$script:SasVersion&tn=$Table&sp=$Permissions&se=$([uri]::EscapeDataString($se))&sig=$([uri]::EscapeDataString($sig))"
}

# Starts Azurite's table service; returns it, or a string that says why it cannot run (the tests skip with it).
function Start-TestAzurite {
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return 'Azurite is started with .NET Core process APIs: PowerShell 7 only (the table itself is tested there)' }
    $script = Join-Path $PSScriptRoot '../../Azurite/start-table.js'
    if (-not (Test-Path (Join-Path $PSScriptRoot '../../Azurite/node_modules/azurite'))) {
        return "Azurite is not installed: run 'npm ci --no-audit --no-fund' in tests/Azurite (.ci/run does)"
    }
    if (-not (Get-Command node -ErrorAction SilentlyContinue)) { return 'Node.js (node) is not on PATH, so Azurite cannot run' }
    $reason = 'Azurite did not start'
    foreach ($attempt in 1..3) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('zapi-azurite-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory $folder
        $start = New-ProcessStart 'node' @((Resolve-Path $script).ProviderPath, '--tableHost', '127.0.0.1', '--tablePort', "$port", '--location', $folder, '--silent', '--disableTelemetry')
        $start.WorkingDirectory = Split-Path (Resolve-Path $script).ProviderPath
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $null = $process.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                $client.Connect([System.Net.IPAddress]::Loopback, $port)
                return [pscustomobject]@{ Process = $process; Port = $port; Folder = $folder; Endpoint = "http://127.0.0.1:$port/$script:Account" }
            }
            catch { Start-Sleep -Milliseconds 200 }
            finally { $client.Dispose() }
        }
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.WaitForExit(5000) | Out-Null
        $reason = "Azurite did not start on port $port within 90 s: $(if ($errors.IsCompleted) { $errors.Result.Trim() })"
        Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
    }
    $reason
}

function Stop-TestAzurite($Azurite) {
    if ($Azurite -isnot [pscustomobject]) { return }
    $Azurite.Process.StandardInput.Close()
    if (-not $Azurite.Process.WaitForExit(5000)) { $Azurite.Process.Kill($true) }
    Remove-Item -Recurse -Force $Azurite.Folder -ErrorAction SilentlyContinue
}

# A new empty table: its URL (without SAS), name and a table SAS.
function New-TestTable([Parameter(Mandatory)] $Azurite) {
    $name = 't' + [guid]::NewGuid().ToString('N').Substring(0, 20)
    $se = Get-Expiry
    $sig = Get-Signature "$script:Account`nrwdlacu`nt`nsco`n`n$se`n`nhttp,https`n$script:SasVersion`n"
    $accountSas = "sv=$script:SasVersion&ss=t&srt=sco&sp=rwdlacu&se=$([uri]::EscapeDataString($se))&spr=http,https&sig=$([uri]::EscapeDataString($sig))"
    $null = Invoke-RestMethod -Method Post "$($Azurite.Endpoint)/Tables?$accountSas" -ContentType 'application/json' -Body "{`"TableName`":`"$name`"}" `
        -Headers @{ Accept = 'application/json;odata=nometadata'; 'x-ms-version' = $script:SasVersion }
    [pscustomobject]@{ Name = $name; Uri = "$($Azurite.Endpoint)/$name"; Sas = New-TestTableSas $name }
}

# Every form a SAS could leak in: as given, its signature URL-encoded and decoded, and Base64 of both.
function Get-SecretForm([Parameter(Mandatory)] [string] $Sas) {
    $signature = [uri]::UnescapeDataString(([regex]::Match($Sas, 'sig=([^&]+)')).Groups[1].Value)
    foreach ($text in $Sas, $signature) {
        $text
        [uri]::EscapeDataString($text)
        [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($text))
    }
}

Export-ModuleMember -Function Start-TestAzurite, Stop-TestAzurite, New-TestTable, New-TestTableSas, Get-SecretForm
