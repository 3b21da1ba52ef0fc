<#
.SYNOPSIS
    The media module's benchmark (build.ps1 -Task Bench): a 12-megapixel HEIC to a status JPEG, the peak memory
    above idle while converting it, a cache hit, and the package size. Writes out/bench/media.json and media.md.
.DESCRIPTION
    Each round runs in a fresh PowerShell (this script with -Child): import, warm up on a small HEIC (JIT,
    ImageMagick's native library and its HEVC decoder), then time the HEIC conversion into an empty cache folder, then time the same
    conversion again (a cache hit: hashing the file and finding the output). CPU time is reported beside the wall
    clock because on a shared machine the wall clock also counts waiting for a core. Memory is the peak resident set
    (VmHWM, reset after the warm-up) above the resident set before the conversion. Figures are reported, never
    asserted: they depend on the machine.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutPath = (Join-Path $PSScriptRoot '../../out/bench'),
    [int] $Rounds = 3,

    # Internal: one measured round in this (child) process.
    [switch] $Child,
    [string] $Heic,
    [string] $WarmUp,
    [string] $Destination
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath

function Get-MemoryKB([string] $Field) {
    if (Test-Path /proc/self/status) { return [long]((Get-Content /proc/self/status | Where-Object { $_ -like "${Field}:*" }) -replace '\D', '') }
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    if ($Field -eq 'VmRSS') { $process.WorkingSet64 / 1KB } else { $process.PeakWorkingSet64 / 1KB }
}

if ($Child) {
    Import-Module $ModulePath
    $null = ConvertTo-ZApiStatusImage -LiteralPath $WarmUp -Destination (Join-Path $Destination 'warm-up')
    [System.GC]::Collect(); [System.GC]::WaitForPendingFinalizers(); [System.GC]::Collect()
    $idle = Get-MemoryKB VmRSS
    if (Test-Path /proc/self/clear_refs) { [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
    $cpu = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $converted = ConvertTo-ZApiStatusImage -LiteralPath $Heic -Destination $Destination
    $clock.Stop()
    $cpu = [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpu
    $peak = Get-MemoryKB VmHWM
    # The same photo into a second, empty cache folder: a later photo of the same batch.
    $nextClock = [System.Diagnostics.Stopwatch]::StartNew()
    $null = ConvertTo-ZApiStatusImage -LiteralPath $Heic -Destination (Join-Path $Destination 'next')
    $nextClock.Stop()
    $hits = foreach ($i in 1..5) {
        $hitClock = [System.Diagnostics.Stopwatch]::StartNew()
        $hit = ConvertTo-ZApiStatusImage -LiteralPath $Heic -Destination $Destination
        $hitClock.Stop()
        if ($hit.Conversion -ne 'Cached') { throw "Expected a cache hit, got $($hit.Conversion)." }
        $hitClock.Elapsed.TotalMilliseconds
    }
    [pscustomobject]@{
        convertMs = $clock.Elapsed.TotalMilliseconds; nextMs = $nextClock.Elapsed.TotalMilliseconds; cpuMs = $cpu.TotalMilliseconds; idleKB = $idle; peakKB = $peak
        cacheHitMs = ($hits | Sort-Object)[2]; outputBytes = $converted.Length; conversion = "$($converted.Conversion)"
    } | ConvertTo-Json -Compress
    return
}

. (Join-Path $PSScriptRoot '../Get-ChildPowerShell.ps1')
$null = New-Item -ItemType Directory -Force $OutPath
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('zapi-media-bench-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $work
try {
    foreach ($tool in 'ffmpeg', 'heif-enc') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction SilentlyContinue)) {
            Write-Warning "Media benchmark skipped: $tool is not installed (Debian: apt-get install ffmpeg libheif-examples)."
            return
        }
    }

    # A 12-megapixel photo-like picture (test pattern with sensor noise), as an iPhone's 4032×3024 HEIC.
    $png = Join-Path $work 'photo.png'
    & ffmpeg -v error -y -f lavfi -i 'testsrc2=size=4032x3024' -vf 'noise=alls=6:allf=u' -frames:v 1 $png
    $heic = Join-Path $work 'IMG_0001.HEIC'
    & heif-enc -q 50 -o $heic $png | Out-Null
    # The warm-up is a small HEIC: the clock then measures a photo of a batch, not the loading of the HEVC decoder.
    $warmUpPng = Join-Path $work 'warm-up.png'
    & ffmpeg -v error -y -f lavfi -i 'testsrc2=size=640x480' -frames:v 1 $warmUpPng
    $warmUp = Join-Path $work 'warm-up.heic'
    & heif-enc -q 50 -o $warmUp $warmUpPng | Out-Null

    $pwsh = Get-ChildPowerShell
    $measured = foreach ($round in 1..$Rounds) {
        $line = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $PSCommandPath -Child -ModulePath $ModulePath `
            -Heic $heic -WarmUp $warmUp -Destination (Join-Path $work "cache-$round")
        if ($LASTEXITCODE -ne 0) { throw "Media benchmark round $round failed: $line" }
        $line | Select-Object -Last 1 | ConvertFrom-Json
    }

    function Get-Median([double[]] $Values) { $sorted = $Values | Sort-Object; $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)] }
    $package = Get-ChildItem (Join-Path $ModulePath '../package') -Filter 'ZApi.Status.Media.*.nupkg' -ErrorAction SilentlyContinue | Select-Object -First 1
    $layoutBytes = (Get-ChildItem -LiteralPath $ModulePath -Recurse -File | Measure-Object Length -Sum).Sum
    $natives = Get-ChildItem (Join-Path $ModulePath 'runtimes') -Recurse -File | ForEach-Object { '{0} {1:N1} MB' -f $_.Directory.Parent.Name, ($_.Length / 1MB) }
    $result = [ordered]@{
        heicBytes          = (Get-Item $heic).Length
        convertMedianMs    = [math]::Round((Get-Median $measured.convertMs))
        convertRunsMs      = @($measured.convertMs | ForEach-Object { [math]::Round($_) })
        convertCpuMedianMs = [math]::Round((Get-Median $measured.cpuMs))
        nextPhotoMedianMs  = [math]::Round((Get-Median $measured.nextMs))
        peakAboveIdleMB    = [math]::Round((Get-Median ($measured | ForEach-Object { ($_.peakKB - $_.idleKB) / 1KB })), 1)
        cacheHitMedianMs   = [math]::Round((Get-Median $measured.cacheHitMs), 1)
        outputBytes        = $measured[0].outputBytes
        packageBytes       = if ($package) { $package.Length } else { $null }
        moduleFolderBytes  = $layoutBytes
        nativeRuntimes     = @($natives)
    }
    $result | ConvertTo-Json | Set-Content (Join-Path $OutPath 'media.json')
    $table = @(
        '| 12 MP HEIC to status JPEG (median of {0}) | its CPU time | the next 12 MP HEIC | peak above idle | cache hit | output | package (.nupkg) | module folder |' -f $Rounds
        '| --- | --- | --- | --- | --- | --- | --- | --- |'
        '| {0:N0} ms ({1}) | {8:N0} ms | {9:N0} ms | {2} MB | {3} ms | {4:N0} bytes | {5} | {6:N1} MB ({7}) |' -f $result.convertMedianMs, ($result.convertRunsMs -join ', '), $result.peakAboveIdleMB,
            $result.cacheHitMedianMs, $result.outputBytes, $(if ($package) { '{0:N1} MB' -f ($package.Length / 1MB) } else { 'run -Task Package' }), ($layoutBytes / 1MB), ($natives -join ', '), $result.convertCpuMedianMs, $result.nextPhotoMedianMs
    )
    $table | Set-Content (Join-Path $OutPath 'media.md')
    $table | Write-Host
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
