<#
.SYNOPSIS
    The long-pipeline case in a fresh PowerShell: `Import-Csv plan.csv | Send-ZApiImageStatus`, the batch job over a
    CSV of paths and captions, sampling the process every -SampleEvery results: resident memory, the managed heap
    after a full collection, open file descriptors and sockets, threads. Prints one JSON line.
    Not Get-ChildItem: it keeps every FileInfo it emitted (about 2 KB each) until it ends, whatever consumes them,
    so it would hide the module's own growth behind PowerShell's.
#>
param(
    [Parameter(Mandatory)] [string] $PlanPath,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $WarmUpImage,
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 100000)] [int] $SampleEvery = 1000
)
$ErrorActionPreference = 'Stop'

function Get-StatusField([string] $Name) {
    [long]((Get-Content /proc/self/status | Where-Object { $_ -like "${Name}:*" }) -replace '\D', '')
}

# Linux: /proc/self/fd names every open descriptor: a socket's link reads socket:[inode], an assembly the runtime
# loaded later (a code path used for the first time) is its .dll, anything else is a file or pipe. Elsewhere the handle count.
function Get-Sample([int] $Images) {
    $rss = $null; $threads = $null; $descriptors = $null; $sockets = $null; $assemblies = $null
    if (Test-Path /proc/self/fd) {
        $rss = Get-StatusField VmRSS
        $threads = Get-StatusField Threads
        $links = foreach ($entry in [System.IO.Directory]::GetFileSystemEntries('/proc/self/fd')) {
            # The enumeration's own descriptor is gone by the time it is read; skip what vanished.
            try { [System.IO.FileInfo]::new($entry).LinkTarget } catch { }
        }
        $descriptors = @($links).Count
        $sockets = @($links | Where-Object { $_ -like 'socket:*' }).Count
        $assemblies = @($links | Where-Object { $_ -like '*.dll' }).Count
    }
    else {
        $process = [System.Diagnostics.Process]::GetCurrentProcess()
        $rss = $process.WorkingSet64 / 1KB; $threads = $process.Threads.Count; $descriptors = $process.HandleCount
    }
    [pscustomobject]@{
        images      = $Images
        rssKB       = $rss
        heapKB      = [math]::Round([System.GC]::GetTotalMemory($true) / 1KB)
        descriptors = $descriptors
        sockets     = $sockets
        assemblies  = $assemblies
        otherFiles  = if ($null -ne $descriptors -and $null -ne $sockets) { $descriptors - $sockets - $assemblies } else { $null }
        threads     = $threads
    }
}

Import-Module $ModulePath
Set-ZApiConnection -InstanceId bench -Token bench-token -ClientToken bench-client-token -BaseUri $BaseUri
Send-ZApiImageStatus -LiteralPath $WarmUpImage -Caption bench | Out-Null

$samples = [System.Collections.Generic.List[object]]::new()
$samples.Add((Get-Sample 0))
if (Test-Path /proc/self/clear_refs) { [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5') }   # resets VmHWM to now
$idleKB = $samples[0].rssKB

$posted = 0
$clock = [System.Diagnostics.Stopwatch]::StartNew()
Import-Csv -LiteralPath $PlanPath | Send-ZApiImageStatus | ForEach-Object {
    $posted++
    if ($posted % $SampleEvery -eq 0) {
        $clock.Stop()
        $samples.Add((Get-Sample $posted))
        $clock.Start()
    }
}
$clock.Stop()

[pscustomobject]@{
    seconds = $clock.Elapsed.TotalSeconds
    images  = $posted
    idleKB  = $idleKB
    peakKB  = if (Test-Path /proc/self/status) { Get-StatusField VmHWM } else { [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1KB }
    samples = $samples
} | ConvertTo-Json -Compress -Depth 4
