<#
.SYNOPSIS
    One benchmark case in a fresh PowerShell: posts every file of a folder -Batches times, then prints one JSON line
    with the best batch's time (the steady rate), the first batch's (what a fresh process sees), and the process's
    memory (idle before the first batch, peak over all of them), read from the OS.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Module', 'Script')] [string] $Case,
    [Parameter(Mandatory)] [string] $Folder,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $WarmUpImage,
    [string] $ModulePath,
    [ValidateRange(1, 20)] [int] $Batches = 1,
    # Module case only: post with a status history, a fresh file in this folder per batch (else every batch after the
    # first would post nothing).
    [string] $HistoryFolder,
    # Module case only: post with a status history in a table, one fresh table URL (with its SAS) per batch.
    [string[]] $HistoryTableUris
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
    Set-ZApiConnection -InstanceId bench -Token bench-token -ClientToken bench-client-token -BaseUri $BaseUri
    $postOne = { param($Path) Send-ZApiImageStatus -LiteralPath $Path -Caption bench -MaximumImageBytes 64MB | Out-Null }
    $script:tableBatch = 0
    $postAll = {
        $history = if ($HistoryFolder) { @{ HistoryPath = (Join-Path $HistoryFolder "$([guid]::NewGuid().ToString('N')).jsonl") } }
        elseif ($HistoryTableUris) { @{ HistoryTableUri = @($HistoryTableUris -split ',')[$script:tableBatch++] } }
        else { @{} }
        $files | Send-ZApiImageStatus -Caption bench -MaximumImageBytes 64MB @history | Out-Null
    }
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

$times = foreach ($batch in 1..$Batches) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    & $postAll
    $clock.Elapsed.TotalSeconds
}

[pscustomobject]@{
    seconds = ($times | Measure-Object -Minimum).Minimum; first = $times[0]; batches = @($times); images = $files.Count
    idleKB = $idle; peakKB = (Get-MemoryKB VmHWM)
} | ConvertTo-Json -Compress
