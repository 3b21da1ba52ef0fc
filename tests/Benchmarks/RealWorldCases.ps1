# Dot-sourced by Invoke-Benchmark.ps1: the cases that look like what users run rather than what the machine can do.
# - Network: 300 KB images over HTTPS behind an emulated phone uplink (LinkProxy), against the naive script and
#   against what the link allows.
# - ColdStart: a fresh pwsh that posts one status, against the same with Invoke-RestMethod.
# - LongPipeline: 10,000 small images through one pipeline: memory, descriptors and sockets over time.
# They use New-Workload, Get-Median and $pwsh from Invoke-Benchmark.ps1.

# Runs a process to its end with extra environment variables; its output, when it was launched (UTC) and how long it ran.
function Invoke-BenchProcess {
    param(
        [Parameter(Mandatory)] [string[]] $Command,
        [hashtable] $Environment = @{},
        [int] $TimeoutSec = 600
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new($Command[0])
    foreach ($argument in $Command | Select-Object -Skip 1) { $info.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
    $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
    $launchedAt = [DateTime]::UtcNow
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            throw "'$($Command -join ' ')' did not finish within $TimeoutSec s."
        }
        $clock.Stop()
        if ($process.ExitCode -ne 0) { throw "'$($Command -join ' ')' failed with exit code $($process.ExitCode): $($stderr.Result) $($stdout.Result)" }
        [pscustomobject]@{ Output = $stdout.Result.Trim(); LaunchedAt = $launchedAt; Milliseconds = $clock.Elapsed.TotalMilliseconds }
    }
    finally {
        $process.Dispose()
    }
}

function Get-ReceiverStats([string] $BaseUri) { Invoke-RestMethod "$BaseUri/_bench/stats" }
function Reset-ReceiverStats([string] $BaseUri) { $null = Invoke-RestMethod -Method Delete "$BaseUri/_bench/stats" }

# The JSON body the module sends for one image with the caption 'bench': the Base64 plus the JSON around it.
function Get-ImageBodyBytes([long] $ImageBytes) {
    '{"image":"data:image/png;base64,","caption":"bench"}'.Length + 4 * [math]::Ceiling($ImageBytes / 3)
}

<#
  The module, the naive script and the C# wire loop post the same images through the emulated link, over HTTPS to
  the receiver. TLS ends in the receiver, not in the proxy: each client process trusts the run's throw-away authority
  through SSL_CERT_FILE (OpenSSL's trust store, so Linux only), exactly as it would trust a real server.
  What the link allows: every body's bytes at the link's rate plus one round trip per request. 'History' is the module
  with a fresh status history: what hashing, claiming and flushing cost where users post from.
#>
function Measure-NetworkCase {
    param(
        [Parameter(Mandatory)] $Receiver,
        [Parameter(Mandatory)] $Workload,
        [Parameter(Mandatory)] [string] $WarmUpImage,
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $BenchDll,
        [Parameter(Mandatory)] [double] $RoundTripMs,
        [Parameter(Mandatory)] [double] $Mbit,
        [int] $Rounds = 1,
        # Each process posts the folder this many times: the best batch is the steady rate, the first what a fresh process sees.
        [int] $Batches = 1,
        # Status history tables behind links of their own: case name -> @{ Azurite; Endpoint (the link's, with the account) }.
        [hashtable] $Tables = @{}
    )
    $trust = @{ SSL_CERT_FILE = $Receiver.AuthorityPem }
    $cases = @('Module', 'History') + @($Tables.Keys | Sort-Object) + @('Script', 'Wire')
    $historyFolder = Join-Path ([System.IO.Path]::GetTempPath()) "zapi-bench-history-$PID"
    $runs = @{}; foreach ($case in $cases) { $runs[$case] = @() }
    foreach ($round in 1..$Rounds) {
        foreach ($case in $cases) {
            Reset-ReceiverStats $Receiver.BaseUri
            Write-Host "$($Workload.Name) over ${RoundTripMs} ms, $Mbit Mbit/s, HTTPS: $case, round $round of $Rounds"
            $command = if ($case -eq 'Wire') { @('dotnet', $BenchDll, 'wire', $Receiver.LinkUri, $Workload.Folder) }
            else {
                $history = if ($case -eq 'History') { @('-HistoryFolder', $historyFolder) }
                elseif ($Tables.ContainsKey($case)) {
                    # A fresh table for every batch, so every image is claimed and completed each time.
                    @('-HistoryTableUris') + ((1..$Batches | ForEach-Object { $table = New-TestTable $Tables[$case].Azurite; "$($Tables[$case].Endpoint)/$($table.Name)?$($table.Sas)" }) -join ',')
                }
                else { @() }
                $pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-Case.ps1'), '-Case', $(if ($case -in 'Script') { 'Script' } else { 'Module' }),
                    '-Folder', $Workload.Folder, '-BaseUri', $Receiver.LinkUri, '-WarmUpImage', $WarmUpImage, '-ModulePath', $ModulePath, '-Batches', $Batches) + $history
            }
            $run = (Invoke-BenchProcess $command -Environment $trust).Output -split "`n" | Select-Object -Last 1 | ConvertFrom-Json
            $stats = Get-ReceiverStats $Receiver.BaseUri
            $expected = $Workload.Count * $(if ($case -eq 'Wire') { 1 } else { $Batches })
            if ($stats.requests -ne $expected + 1) { throw "$case posted $($stats.requests - 1) of $expected images over the link." }
            $runs[$case] += [pscustomobject]@{ Seconds = $run.seconds; First = $(if ($run.PSObject.Properties['first']) { $run.first } else { $run.seconds }); Connections = $stats.link.connections; BytesUp = $stats.link.bytesUp; LateMs = $stats.link.meanLateMs }
        }
    }
    Remove-Item -Recurse -Force $historyFolder -ErrorAction SilentlyContinue

    $limit = $Workload.Count * (Get-ImageBodyBytes $Workload.Bytes) * 8 / ($Mbit * 1e6) + $Workload.Count * $RoundTripMs / 1000
    $seconds = @{}; foreach ($case in $runs.Keys) { $seconds[$case] = Get-Median $runs[$case].Seconds }
    $rows = foreach ($case in $cases) {
        [pscustomobject]@{
            Case                   = $case
            Seconds                = [math]::Round($seconds[$case], 2)
            'img/s'                = [math]::Round($Workload.Count / $seconds[$case], 2)
            'vs link'              = [math]::Round($limit / $seconds[$case], 3)
            Connections            = ($runs[$case].Connections | Measure-Object -Maximum).Maximum
            'MB up'                = [math]::Round(($runs[$case].BytesUp | Measure-Object -Maximum).Maximum / 1MB, 2)
            'Proxy mean late ms'   = [math]::Round(($runs[$case].LateMs | Measure-Object -Average).Average, 2)
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 250 | Out-Host
    $summary = [ordered]@{
        Workload           = $Workload.Name
        RoundTripMs        = $RoundTripMs
        Mbit               = $Mbit
        Rounds             = $Rounds
        LinkLimitSeconds   = [math]::Round($limit, 3)
        ModuleVsLink       = [math]::Round($limit / $seconds.Module, 3)
        ModuleVsScript     = [math]::Round($seconds.Script / $seconds.Module, 2)
        HistoryVsModule    = [math]::Round($seconds.Module / $seconds.History, 3)
        TablesVsModule     = [ordered]@{}
        Batches            = $Batches
        FirstBatch         = [ordered]@{}
        Cases              = $rows
    }
    foreach ($case in $Tables.Keys | Sort-Object) {
        $summary.TablesVsModule[$case] = [math]::Round($seconds.Module / $seconds[$case], 3)
        $summary.FirstBatch[$case] = [math]::Round((Get-Median $runs.Module.First) / (Get-Median $runs[$case].First), 3)
    }
    Write-Host ("Link limit {0:N2} s (bodies at {1} Mbit/s + {2} ms per request): the module reaches {3:P0} of it and is {4}x the naive script." -f `
            $limit, $Mbit, $RoundTripMs, $summary.ModuleVsLink, $summary.ModuleVsScript)
    $summary
}

<#
  A fresh pwsh that imports the module and posts one image (the connection from ZAPI_* variables, as a runbook has
  it), against a fresh pwsh that posts the same image with ReadAllBytes, ToBase64String, ConvertTo-Json and
  Invoke-RestMethod, and against a pwsh that only starts. Time to first post: from launching the process to the
  receiver answering the post. Runs interleaved; medians.
#>
function Measure-ColdStartCase {
    param(
        [Parameter(Mandatory)] [string] $BaseUri,
        [Parameter(Mandatory)] [string] $Image,
        [Parameter(Mandatory)] [string] $ModulePath,
        [int] $Runs = 5
    )
    $route = "$BaseUri/instances/bench/token/bench-token/send-image-status"
    $cases = [ordered]@{
        Module           = "Import-Module '$ModulePath'; Send-ZApiImageStatus -LiteralPath '$Image' -Caption bench | Out-Null"
        InvokeRestMethod = "`$bytes = [System.IO.File]::ReadAllBytes('$Image'); " +
            "`$body = @{ image = 'data:image/png;base64,' + [System.Convert]::ToBase64String(`$bytes); caption = 'bench' } | ConvertTo-Json; " +
            "Invoke-RestMethod -Method Post -Uri '$route' -Headers @{ 'Client-Token' = 'bench-client-token' } -ContentType 'application/json' -Body `$body | Out-Null"
        StartOnly        = 'exit 0'
    }
    $environment = @{ ZAPI_INSTANCE_ID = 'bench'; ZAPI_TOKEN = 'bench-token'; ZAPI_CLIENT_TOKEN = 'bench-client-token'; ZAPI_BASE_URI = $BaseUri }
    $timings = @{}; foreach ($case in $cases.Keys) { $timings[$case] = @() }
    foreach ($round in 1..$Runs) {
        foreach ($case in $cases.Keys) {
            Reset-ReceiverStats $BaseUri
            Write-Host "Cold start: $case, run $round of $Runs"
            $run = Invoke-BenchProcess ($pwsh + @('-NoProfile', '-NonInteractive', '-Command', $cases[$case])) -Environment $environment
            $stats = Get-ReceiverStats $BaseUri
            $toPost = $null
            if ($case -ne 'StartOnly') {
                if ($stats.requests -ne 1) { throw "Cold start $case posted $($stats.requests) times instead of once." }
                $toPost = ([DateTime]::new([long]$stats.lastAnswerAt, [DateTimeKind]::Utc) - $run.LaunchedAt).TotalMilliseconds
            }
            $timings[$case] += [pscustomobject]@{ ToPostMs = $toPost; ProcessMs = $run.Milliseconds }
        }
    }

    $rows = foreach ($case in $cases.Keys) {
        [pscustomobject]@{
            Case                 = $case
            'To first post ms'   = if ($case -ne 'StartOnly') { [math]::Round((Get-Median $timings[$case].ToPostMs), 0) } else { $null }
            'Process ms'         = [math]::Round((Get-Median $timings[$case].ProcessMs), 0)
            'Min-max process ms' = '{0:N0}-{1:N0}' -f ($timings[$case].ProcessMs | Measure-Object -Minimum).Minimum, ($timings[$case].ProcessMs | Measure-Object -Maximum).Maximum
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 250 | Out-Host
    $overhead = ($rows | Where-Object Case -EQ Module).'To first post ms' - ($rows | Where-Object Case -EQ InvokeRestMethod).'To first post ms'
    Write-Host "Cold start: the module's first post comes $overhead ms after Invoke-RestMethod's (medians of $Runs)."
    [ordered]@{ Runs = $Runs; ModuleOverheadMs = $overhead; Cases = $rows }
}

<#
  10,000 small images from a CSV plan (Path, Caption) through one Send-ZApiImageStatus pipeline in a fresh pwsh,
  sampled every 1,000 results: the resident set, the managed heap after a full collection, descriptors and sockets.
  Flat means no growth from the first 1,000 to the last, and as many sockets at the end as at the start.
#>
function Measure-LongPipelineCase {
    param(
        [Parameter(Mandatory)] [string] $BaseUri,
        [Parameter(Mandatory)] $Workload,
        [Parameter(Mandatory)] [string] $WarmUpImage,
        [Parameter(Mandatory)] [string] $ModulePath
    )
    $plan = $Workload.Folder + '.csv'
    Get-ChildItem -LiteralPath $Workload.Folder -File | Sort-Object Name | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Caption = $_.BaseName } } |
        Export-Csv -LiteralPath $plan -NoTypeInformation
    Reset-ReceiverStats $BaseUri
    Write-Host "$($Workload.Name): Import-Csv | Send-ZApiImageStatus, sampled every 1,000"
    $run = (Invoke-BenchProcess ($pwsh + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-Pipeline.ps1'), '-PlanPath', $plan,
                '-BaseUri', $BaseUri, '-WarmUpImage', $WarmUpImage, '-ModulePath', $ModulePath))).Output -split "`n" | Select-Object -Last 1 | ConvertFrom-Json
    $stats = Get-ReceiverStats $BaseUri
    if ($stats.requests -ne $Workload.Count + 1 -or $run.images -ne $Workload.Count) { throw "The long pipeline posted $($stats.requests - 1) and reported $($run.images) of $($Workload.Count) images." }

    $samples = @($run.samples)
    $start = $samples[0]; $first = $samples[1]; $last = $samples[-1]
    $samples | Format-Table images, rssKB, heapKB, descriptors, sockets, assemblies, otherFiles, threads -AutoSize | Out-String -Width 250 | Out-Host
    $summary = [ordered]@{
        Workload            = $Workload.Name
        Seconds             = [math]::Round($run.seconds, 2)
        ImagesPerSecond     = [math]::Round($Workload.Count / $run.seconds, 0)
        PeakMB              = [math]::Round($run.peakKB / 1KB, 1)
        PeakAboveIdleMB     = [math]::Round(($run.peakKB - $run.idleKB) / 1KB, 1)
        RssGrowthMB         = [math]::Round(($last.rssKB - $first.rssKB) / 1KB, 1)
        HeapGrowthMB        = [math]::Round(($last.heapKB - $first.heapKB) / 1KB, 2)
        DescriptorsStartEnd = @($start.descriptors, $last.descriptors)
        SocketsStartEnd     = @($start.sockets, $last.sockets)
        OtherFilesStartEnd  = @($start.otherFiles, $last.otherFiles)
        ThreadsStartEnd     = @($start.threads, $last.threads)
        Samples             = $samples
    }
    Write-Host ("{0}: {1:N0} img/s; peak {2} MB ({3} MB above idle); from the first 1,000 to the last: resident {4:+0.0;-0.0} MB, heap {5:+0.00;-0.00} MB; descriptors {6} -> {7}, sockets {8} -> {9}, files and pipes {10} -> {11}" -f `
            $Workload.Name, $summary.ImagesPerSecond, $summary.PeakMB, $summary.PeakAboveIdleMB, $summary.RssGrowthMB, $summary.HeapGrowthMB,
        $start.descriptors, $last.descriptors, $start.sockets, $last.sockets, $start.otherFiles, $last.otherFiles)
    $summary
}

<#
  The README's Performance table from one run's results: the machine, the date and each ratio, as Markdown. Written
  to out/bench/results.md so the README is updated from a real run, never typed in.
#>
function ConvertTo-PerformanceTable {
    param([Parameter(Mandatory)] $Results)
    $m = $Results.Machine
    "Machine: $($m.Cpu), $($m.Cores) cores, $($m.MemoryGB) GB, $($m.Os), PowerShell $($m.PowerShell), $($m.Dotnet). Run of $($Results.Date)."
    ''
    '| loopback workload | Module ÷ wire loop | first batch ÷ wire | Module ÷ Script | Module MB/s | Wire MB/s | Module peak MB | Script peak MB |'
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
    foreach ($row in $Results.EndToEnd) {
        "| $($row.Workload -replace ' x ', ' × ') | $($row.'vs wire') | $($row.'First batch vs wire') | $($row.'vs script')× | $($row.'Module MB/s') | $($row.'Wire MB/s') | $($row.'Module peak MB') | $($row.'Script peak MB') |"
    }
    ''
    '| case | result |'
    '| --- | --- |'
    if ($Results.Network) {
        $n = $Results.Network
        $case = "$($n.Workload -replace ' x ', ' × ') over HTTPS, $($n.RoundTripMs) ms, $($n.Mbit) Mbit/s"
        $module = $n.Cases | Where-Object Case -EQ Module
        "| $case | Module ÷ what the link allows: $($n.ModuleVsLink) ($($module.Seconds) s against $($n.LinkLimitSeconds) s); Module ÷ Script: $($n.ModuleVsScript)×; with a status history ÷ without: $($n.HistoryVsModule) |"
        foreach ($table in @($n.TablesVsModule.GetEnumerator())) {
            "| the same with the status history in an Azure table ($($table.Key)) | without a history ÷ with: $($table.Value) (first batch $($n.FirstBatch[$table.Key])) |"
        }
    }
    if ($Results.ColdStart) {
        $c = $Results.ColdStart
        $module = $c.Cases | Where-Object Case -EQ Module
        $irm = $c.Cases | Where-Object Case -EQ InvokeRestMethod
        "| cold start to the first post (300 KB) | Module $($module.'To first post ms') ms, Invoke-RestMethod $($irm.'To first post ms') ms: overhead $($c.ModuleOverheadMs) ms |"
    }
    if ($Results.History) {
        $h = $Results.History
        "| $($h.Workload -replace ' x ', ' × ') with a status history, loopback | with ÷ without: $($h.'With / without') (first batch $($h.'First batch: with / without')) |"
        "| opening a history of $('{0:N0}' -f $h.'Load statuses') statuses | $($h.'Load s') s, peak $($h.'Load peak MB') MB |"
    }
    if ($Results.ImportModuleMs) {
        "| Import-Module in a fresh pwsh | median $([math]::Round($Results.ImportModuleMs.Median)) ms of $(@($Results.ImportModuleMs.All).Count) |"
    }
    if ($Results.LongPipeline) {
        $p = $Results.LongPipeline
        "| $($p.Workload -replace ' x ', ' × '), one pipeline | peak $($p.PeakAboveIdleMB) MB above idle; first 1,000 to last: resident $($p.RssGrowthMB) MB, managed heap $($p.HeapGrowthMB) MB; sockets $($p.SocketsStartEnd -join ' → '), files and pipes $($p.OtherFilesStartEnd -join ' → ') |"
    }
}
