<#
.SYNOPSIS
    One benchmark case in a fresh PowerShell: posts every file of a folder, then prints one JSON line with the time
    and the process's memory (idle before the run, peak during it), read from the OS.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Module', 'Script')] [string] $Case,
    [Parameter(Mandatory)] [string] $Folder,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $WarmUpImage,
    [string] $ModulePath,
    # Module case only: post with this status history (a fresh file per run).
    [string] $HistoryPath
)
$ErrorActionPreference = 'Stop'

# Linux: VmRSS now, VmHWM the peak since the last reset. Elsewhere the working set, which has no resettable peak.
function Get-MemoryKB([ValidateSet('VmRSS', 'VmHWM')] [string] $Field) {
    if (Test-Path /proc/self/status) {
        return [long]((Get-Content /proc/self/status | Where-Object { $_ -like "${Field}:*" }) -replace '\D', '')
    }
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    if ($Field -eq 'VmRSS') { $process.WorkingSet64 / 1KB } else { $process.PeakWorkingSet64 / 1KB }
}

$files = @(Get-ChildItem -LiteralPath $Folder -File | Sort-Object Name)
if ($Case -eq 'Module') {
    Import-Module $ModulePath
    $history = if ($HistoryPath) { @{ HistoryPath = $HistoryPath } } else { @{} }
    Set-ZApiConnection -InstanceId bench -Token bench-token -ClientToken bench-client-token -BaseUri $BaseUri @history
    $postOne = { param($Path) Send-ZApiImageStatus -LiteralPath $Path -Caption bench -MaximumImageBytes 64MB | Out-Null }
    $postAll = { $files | Send-ZApiImageStatus -Caption bench -MaximumImageBytes 64MB | Out-Null }
}
else {
    # The script a user writes without this module.
    $uri = "$BaseUri/instances/bench/token/bench-token/send-image-status"
    $postOne = {
        param($Path)
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $base64 = [System.Convert]::ToBase64String($bytes)
        $body = @{ image = "data:image/png;base64,$base64"; caption = 'bench' } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri $uri -Headers @{ 'Client-Token' = 'bench-client-token' } -ContentType 'application/json' -Body $body | Out-Null
    }
    $postAll = { foreach ($file in $files) { & $postOne $file.FullName } }
}

# Both cases warm up (JIT, first connection) on one small image, so the clock measures steady work.
& $postOne $WarmUpImage
[System.GC]::Collect(); [System.GC]::WaitForPendingFinalizers(); [System.GC]::Collect()
$idle = Get-MemoryKB VmRSS
if (Test-Path /proc/self/clear_refs) { [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5') }   # resets VmHWM to now

$clock = [System.Diagnostics.Stopwatch]::StartNew()
& $postAll
$clock.Stop()

[pscustomobject]@{ seconds = $clock.Elapsed.TotalSeconds; images = $files.Count; idleKB = $idle; peakKB = (Get-MemoryKB VmHWM) } | ConvertTo-Json -Compress
