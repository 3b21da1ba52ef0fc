<#
.SYNOPSIS
    build.ps1 -Task Bench: Send-ZApiImageStatus against the script users write instead and against the wire limit of
    this machine, on the same generated images and the same loopback receiver; the same over HTTPS through an emulated
    phone uplink; the time to a first post from a cold start; a 10,000-image pipeline's memory and sockets;
    Import-Module time; the encoder in BenchmarkDotNet. Prints tables and writes out/bench/results.json. Never part
    of the test run.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchDll,
    [Parameter(Mandatory)] [string] $OutPath,
    # Skips the BenchmarkDotNet encoder suite (about a minute).
    [switch] $SkipEncoder,
    # Only the status-history case (Measure-History): a few minutes instead of the whole run.
    [switch] $HistoryOnly,
    # Only the network case (with the status history in a file and in a table): a few minutes.
    [switch] $NetworkOnly,
    # The status history table's distance in the network case: Azure's storage near the runbook, and as far as Z-API.
    [double[]] $TableRoundTripMs = @(5, 80),

    [ValidateRange(1, 9)] [int] $Rounds = 3,
    # Loopback and history cases: each process posts its folder this many times; its best batch is its steady rate
    # (the wire loop's too), its first batch what a fresh process sees.
    [ValidateRange(1, 9)] [int] $Batches = 5,

    # The emulated uplink of the network case: round trip and rate (each way).
    [ValidateRange(0, 10000)] [double] $RoundTripMs = 80,
    [ValidateRange(0.1, 10000)] [double] $LinkMbit = 20,
    [ValidateRange(1, 9)] [int] $NetworkRounds = 1,
    [ValidateRange(1, 9)] [int] $NetworkBatches = 1,
    [ValidateRange(1, 50)] [int] $ColdStartRuns = 5,
    [ValidateRange(1000, 100000)] [int] $PipelineImages = 10000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot '../Get-ChildPowerShell.ps1')
. (Join-Path $PSScriptRoot 'RealWorldCases.ps1')
Import-Module (Join-Path $PSScriptRoot '../Pester/Scenarios/TestAzurite.psm1') -Force

$pwsh = Get-ChildPowerShell
$null = New-Item -ItemType Directory -Force $OutPath

# Images: a PNG signature, then random bytes, so nothing compresses and every case moves the same data.
function New-Workload([string] $Name, [int] $Count, [int] $Bytes) {
    $folder = Join-Path $OutPath "images/$Name"
    if (@(Get-ChildItem $folder -File -ErrorAction SilentlyContinue | Where-Object Length -EQ $Bytes).Count -ne $Count) {
        Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
        $null = New-Item -ItemType Directory -Force $folder
        $random = [System.Random]::new($Bytes)
        $buffer = [byte[]]::new($Bytes)
        for ($i = 1; $i -le $Count; $i++) {
            $random.NextBytes($buffer)
            [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) | ForEach-Object -Begin { $j = 0 } -Process { $buffer[$j++] = $_ }
            [System.IO.File]::WriteAllBytes((Join-Path $folder ('{0:D4}.png' -f $i)), $buffer)
        }
    }
    [pscustomobject]@{ Name = $Name; Count = $Count; Bytes = $Bytes; Folder = $folder }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[[math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Invoke-Child([string[]] $Arguments) {
    $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive @Arguments
    if ($LASTEXITCODE -ne 0) { throw "A benchmark child failed: $output" }
    $output | Select-Object -Last 1
}

# The cost of a status history: the same images posted with and without one (a fresh history per batch, so every
# image is hashed, claimed with a disk flush before its request and completed after it), interleaved, median of the
# rounds of each process's best batch; then opening a 100,000-status history in a fresh process.
function Measure-History([string] $BaseUri, $Workload) {
    $runs = @{ Without = @(); With = @() }
    foreach ($round in 1..$Rounds) {
        foreach ($case in 'Without', 'With') {
            $null = Invoke-RestMethod -Method Delete "$BaseUri/_bench/stats"
            Write-Host "$($Workload.Name) history: $case, round $round of $Rounds"
            $history = if ($case -eq 'With') { @('-HistoryFolder', (Join-Path $OutPath 'history')) } else { @() }
            $json = Invoke-Child (@('-File', (Join-Path $PSScriptRoot 'Measure-Case.ps1'), '-Case', 'Module', '-Folder', $Workload.Folder,
                    '-BaseUri', $BaseUri, '-WarmUpImage', $warmUp, '-ModulePath', $ModulePath, '-Batches', $Batches) + $history)
            $runs[$case] += $json | ConvertFrom-Json
            $stats = Invoke-RestMethod "$BaseUri/_bench/stats"
            if ($stats.requests -ne $Workload.Count * $Batches + 1) { throw "History $case posted $($stats.requests - 1) of $($Workload.Count * $Batches) images." }
        }
    }
    Remove-Item -Recurse -Force (Join-Path $OutPath 'history') -ErrorAction SilentlyContinue

    $without = Get-Median $runs.Without.seconds
    $with = Get-Median $runs.With.seconds
    $withoutFirst = Get-Median $runs.Without.first
    $withFirst = Get-Median $runs.With.first
    $load = & dotnet $BenchDll history-load (Join-Path $OutPath 'history-100k.jsonl') 100000 | Select-Object -Last 1 | ConvertFrom-Json
    [pscustomobject]@{
        Workload              = $Workload.Name
        'Without img/s'       = [math]::Round($Workload.Count / $without, 1)
        'With img/s'          = [math]::Round($Workload.Count / $with, 1)
        'With / without'      = [math]::Round($without / $with, 2)
        'First batch: with / without' = [math]::Round($withoutFirst / $withFirst, 2)
        'Load statuses'       = $load.statuses
        'Load lines'          = $load.lines
        'Load file MB'        = $load.fileMB
        'Load s'              = $load.seconds
        'Load CPU s'          = $load.cpuSeconds
        'Load retained MB'    = $load.retainedMB
        'Load peak MB'        = $load.peakAboveIdleMB
    }
}

$workloads = @(
    New-Workload '200 x 100 KB' 200 100000
    New-Workload '100 x 300 KB' 100 300000
    New-Workload '50 x 2 MB' 50 2000000
    New-Workload '1 x 40 MB' 1 40000000
)
if (-not $HistoryOnly) {
    $networkWorkload = New-Workload '30 x 300 KB' 30 300000
    $pipelineWorkload = if (-not $NetworkOnly) { New-Workload ('{0} x 2 KB' -f $PipelineImages) $PipelineImages 2000 }
}
$warmUp = Join-Path $OutPath 'images/warm-up.png'
[System.IO.File]::WriteAllBytes($warmUp, [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + [byte[]]::new(1000))

$receiverInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
$authorityPem = Join-Path $OutPath 'bench-authority.pem'
foreach ($argument in $BenchDll, 'receive', $authorityPem, $RoundTripMs, $LinkMbit) { $receiverInfo.ArgumentList.Add([string]$argument) }
$receiverInfo.RedirectStandardInput = $true; $receiverInfo.RedirectStandardOutput = $true; $receiverInfo.UseShellExecute = $false
$receiver = [System.Diagnostics.Process]::Start($receiverInfo)
$tableLinks = @()
$azurite = $null
try {
    $line = $receiver.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or $line.Result -notmatch '^listening on (.+)$') { throw "The receiver did not start: $($line.Result)" }
    $baseUri = $Matches[1]
    $line = $receiver.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or $line.Result -notmatch '^link on (.+)$') { throw "The receiver's link did not start: $($line.Result)" }
    $receiverUris = [pscustomobject]@{ BaseUri = $baseUri; LinkUri = $Matches[1]; AuthorityPem = $authorityPem }

    # The status history in a table: Azurite behind a link of its own for each distance.
    $tables = @{}
    $azurite = if (-not $HistoryOnly -and $IsLinux) { Start-TestAzurite }
    if ($azurite -is [string]) { Write-Warning "The table cases are left out: $azurite" }
    elseif ($azurite) {
        foreach ($distance in $TableRoundTripMs) {
            $linkInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($argument in $BenchDll, 'link', $azurite.Port, $distance, $LinkMbit) { $linkInfo.ArgumentList.Add([string]$argument) }
            $linkInfo.RedirectStandardInput = $true; $linkInfo.RedirectStandardOutput = $true; $linkInfo.UseShellExecute = $false
            $link = [System.Diagnostics.Process]::Start($linkInfo)
            $tableLinks += @($link)
            $line = $link.StandardOutput.ReadLineAsync()
            if (-not $line.Wait(30000) -or $line.Result -notmatch '^link on (.+)$') { throw "The table's link did not start: $($line.Result)" }
            $tables["Table at $distance ms"] = @{ Azurite = $azurite; Endpoint = "$($Matches[1])/devstoreaccount1" }
        }
    }

    # Three rounds, the cases interleaved, the median of each process's best batch: this 2-core machine is noisy.
    $rows = foreach ($workload in $workloads) {
        if ($HistoryOnly -or $NetworkOnly) { continue }
        $runs = @{ Module = @(); Script = @(); Engine = @(); Wire = @() }
        foreach ($round in 1..$Rounds) {
            foreach ($case in 'Module', 'Script', 'Engine', 'Wire') {
                $null = Invoke-RestMethod -Method Delete "$baseUri/_bench/stats"
                Write-Host "$($workload.Name): $case, round $round of $Rounds"
                $json = if ($case -in 'Engine', 'Wire') {
                    & dotnet $BenchDll $case.ToLowerInvariant() $baseUri $workload.Folder $Batches | Select-Object -Last 1
                }
                else {
                    Invoke-Child @('-File', (Join-Path $PSScriptRoot 'Measure-Case.ps1'), '-Case', $case, '-Folder', $workload.Folder,
                        '-BaseUri', $baseUri, '-WarmUpImage', $warmUp, '-ModulePath', $ModulePath, '-Batches', $Batches)
                }
                $runs[$case] += $json | ConvertFrom-Json
                $stats = Invoke-RestMethod "$baseUri/_bench/stats"
                if ($stats.requests -ne $workload.Count * $Batches + 1) { throw "$case posted $($stats.requests - 1) of $($workload.Count * $Batches) images." }
            }
        }

        $seconds = @{}; foreach ($case in $runs.Keys) { $seconds[$case] = Get-Median $runs[$case].seconds }
        $first = @{}; foreach ($case in $runs.Keys) { $first[$case] = Get-Median $runs[$case].first }
        $megabytes = $workload.Count * $workload.Bytes / 1MB
        $moduleMemory = ($runs.Module | ForEach-Object { $_.peakKB - $_.idleKB } | Measure-Object -Maximum).Maximum / 1KB
        $scriptMemory = ($runs.Script | ForEach-Object { $_.peakKB - $_.idleKB } | Measure-Object -Maximum).Maximum / 1KB
        [pscustomobject]@{
            Workload           = $workload.Name
            'Module img/s'     = [math]::Round($workload.Count / $seconds.Module, 1)
            'Module MB/s'      = [math]::Round($megabytes / $seconds.Module, 1)
            'Script MB/s'      = [math]::Round($megabytes / $seconds.Script, 1)
            'Engine MB/s'      = [math]::Round($megabytes / $seconds.Engine, 1)
            'Wire MB/s'        = [math]::Round($megabytes / $seconds.Wire, 1)
            'vs script'        = [math]::Round($seconds.Script / $seconds.Module, 2)
            'vs wire'          = [math]::Round($seconds.Wire / $seconds.Module, 2)
            'First batch vs wire' = [math]::Round($first.Wire / $first.Module, 2)
            'Module peak MB'   = [math]::Round($moduleMemory, 1)
            'Script peak MB'   = [math]::Round($scriptMemory, 1)
            'Memory vs script' = if ($scriptMemory -gt 0) { [math]::Round($moduleMemory / $scriptMemory, 3) } else { $null }
        }
    }

    $historyRow = if (-not $NetworkOnly) { Measure-History $baseUri ($workloads | Where-Object Name -EQ '50 x 2 MB') }
    $historyRow | Format-List | Out-String -Width 250 | Out-Host

    $network = $coldStart = $pipeline = $null
    if (-not $HistoryOnly) {
        # SSL_CERT_FILE is how the clients trust the run's authority; only OpenSSL (Linux) reads it.
        $network = if ($IsLinux) {
            Measure-NetworkCase -Receiver $receiverUris -Workload $networkWorkload -WarmUpImage $warmUp -ModulePath $ModulePath -BenchDll $BenchDll `
                -RoundTripMs $RoundTripMs -Mbit $LinkMbit -Rounds $NetworkRounds -Batches $NetworkBatches -Tables $tables
        }
        else { Write-Warning 'The network case runs on Linux only: its clients trust the bench certificate through SSL_CERT_FILE.' }
        if (-not $NetworkOnly) {
            $coldStart = Measure-ColdStartCase -BaseUri $baseUri -Image (Get-ChildItem $networkWorkload.Folder -File | Select-Object -First 1).FullName -ModulePath $ModulePath -Runs $ColdStartRuns
            $pipeline = Measure-LongPipelineCase -BaseUri $baseUri -Workload $pipelineWorkload -WarmUpImage $warmUp -ModulePath $ModulePath
        }
    }
}
finally {
    foreach ($link in $tableLinks) { $link.StandardInput.Close(); if (-not $link.WaitForExit(10000)) { $link.Kill() } }
    Stop-TestAzurite $azurite
    $receiver.StandardInput.Close()
    if (-not $receiver.WaitForExit(10000)) { $receiver.Kill() }
}

# Import-Module: the median of 10 fresh processes, timed inside each so process start-up is not counted.
$imports = 1..$(if ($HistoryOnly -or $NetworkOnly) { 1 } else { 10 }) | ForEach-Object {
    [double](Invoke-Child @('-Command', "`$clock = [System.Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; `$clock.Elapsed.TotalMilliseconds"))
} | Sort-Object
$importMedian = Get-Median $imports

$machine = [ordered]@{
    Cpu        = if (Test-Path /proc/cpuinfo) { ((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -split ':\s*', 2)[1] } else { $env:PROCESSOR_IDENTIFIER }
    Cores      = [System.Environment]::ProcessorCount
    MemoryGB   = if (Test-Path /proc/meminfo) { [math]::Round([long]((Get-Content /proc/meminfo -TotalCount 1) -replace '\D', '') / 1MB, 1) } else { $null }
    Os         = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
    PowerShell = $PSVersionTable.PSVersion.ToString()
    Dotnet     = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
}

$rows | Format-Table -AutoSize | Out-String -Width 250 | Out-Host
Write-Host ("Import-Module: median {0:N0} ms of 10 fresh processes (min {1:N0}, max {2:N0})" -f $importMedian, $imports[0], $imports[-1])
Write-Host ("Machine: {0}, {1} cores, {2} GB, {3}, PowerShell {4}, {5}" -f @($machine.Values))

$encoder = $null
if (-not $SkipEncoder -and -not $HistoryOnly -and -not $NetworkOnly) {
    $artifacts = Join-Path $OutPath 'bdn'
    & dotnet $BenchDll encoder $artifacts | Out-Host
    $report = Get-ChildItem (Join-Path $artifacts 'results') -Filter '*-report.csv' | Select-Object -First 1
    if ($report) {
        $encoder = Import-Csv $report.FullName | ForEach-Object {
            $mean = [double](($_.Mean -replace '[^\d.]', ''))
            $unit = if ($_.Mean -match 'ms') { 1e-3 } elseif ($_.Mean -match 'μs|us') { 1e-6 } else { 1 }
            [pscustomobject]@{
                Method          = $_.Method
                ImageBytes      = [int]$_.ImageBytes
                Mean            = $_.Mean
                'MB/s'          = [math]::Round([int]$_.ImageBytes / 1MB / ($mean * $unit), 0)
                'Allocated'     = $_.Allocated
            }
        }
        $encoder | Format-Table -AutoSize | Out-String -Width 250 | Out-Host
    }
}

$results = [ordered]@{
    Machine = $machine; Date = (Get-Date).ToString('yyyy-MM-dd'); EndToEnd = $rows; History = $historyRow; Network = $network; ColdStart = $coldStart
    LongPipeline = $pipeline; ImportModuleMs = [ordered]@{ Median = $importMedian; All = $imports }; Encoder = $encoder
}
$results | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path $OutPath 'results.json')
ConvertTo-PerformanceTable ([pscustomobject]$results) | Set-Content -LiteralPath (Join-Path $OutPath 'results.md')
Write-Host "Results: $(Join-Path $OutPath 'results.json'), README table: $(Join-Path $OutPath 'results.md')"
