<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages ZApi.Status.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Help')]
    [string] $Task = 'Build',

    # Demo: keep the sandbox and its gallery up until Enter (or Ctrl+C) even without an interactive console.
    [switch] $KeepRunning,

    # Bench: leave out the BenchmarkDotNet encoder suite (about two minutes).
    [switch] $SkipEncoder
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleDir = Join-Path $OutDir 'ZApi.Status'
$MediaModuleDir = Join-Path $OutDir 'ZApi.Status.Media'
$TestResultsDir = Join-Path $OutDir 'TestResults'
$SandboxDll = Join-Path $RepoRoot 'src/ZApi.Sandbox/bin/Release/net10.0/ZApi.Sandbox.dll'
$PesterVersion = '5.7.1'

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

. (Join-Path $RepoRoot 'tests/Get-ChildPowerShell.ps1')
. (Join-Path $RepoRoot 'tests/TestSummary.ps1')

# Pester 5 from NuGet (the PowerShell Gallery may be out of reach); an installed Pester 5 where NuGet is not.
function Get-PesterManifest {
    $project = Join-Path $RepoRoot 'tests/Pester/Pester.Restore.csproj'
    & dotnet restore $project --nologo -v q | Out-Host
    if ($LASTEXITCODE -eq 0) {
        $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
        $manifest = Join-Path $packages.Trim() "pester/$PesterVersion/tools/Pester.psd1"
        if (Test-Path $manifest) { return $manifest }
    }
    $installed = Get-Module -ListAvailable Pester | Where-Object Version -GE ([version]'5.3') | Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { return $installed.Path }
    throw "Pester $PesterVersion could not be restored from NuGet and no Pester 5 is installed. Run: Install-Module Pester -MinimumVersion 5.3"
}

function Invoke-BuildTask {
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'ZApi.Status.sln'), '-c', 'Release', '--nologo', '-v', 'q', '-clp:NoSummary')
    Write-Host "Module: $ModuleDir"
    Write-Host "Module: $MediaModuleDir"
}

# One xUnit project's counts, with each skipped test and its reason, from its trx file. A failing test must not stop
# the run before Pester has its say, and a hung one fails the run in minutes instead of using up CI's time.
function Invoke-XunitSuite([string] $Project, [string] $TrxName) {
    & dotnet test (Join-Path $RepoRoot $Project) -c Release --no-build --nologo --blame-hang-timeout 5m `
        --logger "trx;LogFileName=$TrxName" --logger 'console;verbosity=normal' --results-directory $TestResultsDir | Out-Host
    $exitCode = $LASTEXITCODE
    $trx = Join-Path $TestResultsDir $TrxName
    if (-not (Test-Path $trx)) { throw "dotnet test $Project wrote no results (exit code $exitCode)." }
    $counts = Read-TrxResult $trx
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    $counts
}

function Invoke-TestTask {
    Invoke-BuildTask
    $null = New-Item -ItemType Directory -Force $TestResultsDir
    Remove-Item (Join-Path $TestResultsDir '*') -Recurse -Force -ErrorAction SilentlyContinue

    # The package too: a Pester test installs it and imports it by name.
    $packageDir = New-ModulePackage | Select-Object -Last 1

    # Pester in a child PowerShell, so the module under test is loaded fresh and never into this build process. It runs
    # beside xUnit: much of either suite waits on sockets, timers and child processes rather than the CPU. Its output
    # is shown whole once xUnit is done, so the two never interleave.
    $pesterResult = Join-Path $TestResultsDir 'pester.json'
    $command = Get-ChildPowerShell
    $childArgs = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'tests/Pester/Invoke-PesterSuite.ps1'),
        '-PesterManifest', (Get-PesterManifest), '-ModulePath', $ModuleDir, '-SandboxPath', $SandboxDll, '-ResultPath', $pesterResult, '-PackagePath', $packageDir)
    $start = New-ProcessStart $command[0] $childArgs
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $pesterRun = [System.Diagnostics.Process]::Start($start)
    $pesterOutput = $pesterRun.StandardOutput.ReadToEndAsync()
    $pesterErrors = $pesterRun.StandardError.ReadToEndAsync()
    try {
        # xUnit: no PowerShell needed. The media module's suite counts into the same totals.
        $xunit = Invoke-XunitSuite 'tests/ZApi.Status.Tests' 'xunit.trx'
        $media = Invoke-XunitSuite 'tests/ZApi.Status.Media.Tests' 'xunit-media.trx'
        # Short waits, so Ctrl+C still ends the build.
        while (-not $pesterRun.WaitForExit(250)) { }
        Write-Host $pesterOutput.GetAwaiter().GetResult()
        $errors = $pesterErrors.GetAwaiter().GetResult()
        if ($errors) { Write-Host $errors }
    }
    finally {
        if (-not $pesterRun.HasExited) { $pesterRun.Kill($true) }
        $pesterRun.Dispose()
    }
    foreach ($key in 'Passed', 'Failed', 'Skipped') { $xunit[$key] += $media[$key] }
    $xunit.SkippedTests = @($xunit.SkippedTests) + @($media.SkippedTests)

    if (-not (Test-Path $pesterResult)) { throw 'The Pester run wrote no results.' }
    $pester = Get-Content -Raw $pesterResult | ConvertFrom-Json

    # The last line stays the one that scripts read; the skipped tests and their reasons come just before it.
    $summary = @(Format-TestSummary -Xunit $xunit -Pester $pester)
    $summary | Select-Object -SkipLast 1 | Write-Host
    $summary[-1]
    if ($xunit.Failed + $pester.Failed -gt 0) { exit 1 }
}

# What the demo runs and nothing else: the media module, the tests and the benchmarks restore and build over a gigabyte
# the demo never touches.
function Invoke-CoreBuild {
    foreach ($project in 'src/ZApi.Status', 'src/ZApi.Sandbox') {
        Invoke-Native dotnet @('build', (Join-Path $RepoRoot $project), '-c', 'Release', '--nologo', '-v', 'q', '-clp:NoSummary')
    }
    Write-Host "Module: $ModuleDir"
}

# The sandbox stays up until Enter in a console (or with -KeepRunning); a run without one (CI) ends by itself.
function Invoke-DemoTask {
    Invoke-CoreBuild
    Import-Module (Join-Path $RepoRoot 'src/ZApi.Sandbox/ZApi.Sandbox.psm1') -Force
    Invoke-ZApiDemo -SandboxPath $SandboxDll -ModulePath $ModuleDir -DataRoot (Join-Path $OutDir 'demo') -KeepRunning:$KeepRunning
}

function Invoke-PackageTask {
    Invoke-BuildTask
    New-ModulePackage
}

# The section of a CHANGELOG.md for this version: the package's release notes.
function Get-ReleaseNotes([string] $Version, [string] $ChangelogPath = (Join-Path $RepoRoot 'src/ZApi.Status/CHANGELOG.md')) {
    $changelog = Get-Content -Raw $ChangelogPath
    $section = [regex]::Match($changelog, '(?ms)^## ' + [regex]::Escape($Version) + '\s*$(.*?)(?=^## |\z)')
    if (-not $section.Success) { throw "$ChangelogPath has no '## $Version' section; add one before packaging." }
    $section.Groups[1].Value.Trim()
}

# A module's versioned folder in out/package: its layout, CHANGELOG.md and LICENSE, release notes in the manifest.
function Copy-VersionedModule([string] $Name, [string] $LayoutDir, [string] $ManifestPath, [string] $ChangelogPath, [string] $PackageDir) {
    $version = (Import-PowerShellDataFile $ManifestPath).ModuleVersion
    $versioned = Join-Path $PackageDir "$Name/$version"
    $null = New-Item -ItemType Directory -Force $versioned
    Copy-Item -Path (Join-Path $LayoutDir '*') -Destination $versioned -Recurse
    Copy-Item $ChangelogPath, (Join-Path $RepoRoot 'LICENSE') $versioned
    $notes = (Get-ReleaseNotes $version $ChangelogPath) -replace "'", "''"
    $manifest = (Get-Content -Raw $ManifestPath) -replace "ReleaseNotes\s*=\s*'[^']*'", "ReleaseNotes = '$notes'"
    Set-Content -LiteralPath (Join-Path $versioned "$Name.psd1") -Value $manifest -Encoding utf8
    $versioned
}

# The versioned module folders and the PowerShell Gallery's .nupkg files of both modules, in out/package.
function New-ModulePackage {
    $packageDir = Join-Path $OutDir 'package'
    Remove-Item -Recurse -Force $packageDir -ErrorAction SilentlyContinue
    $versioned = Copy-VersionedModule 'ZApi.Status' $ModuleDir (Join-Path $RepoRoot 'ZApi.Status.psd1') (Join-Path $RepoRoot 'src/ZApi.Status/CHANGELOG.md') $packageDir
    $mediaVersioned = Copy-VersionedModule 'ZApi.Status.Media' $MediaModuleDir (Join-Path $RepoRoot 'src/ZApi.Status.Media/ZApi.Status.Media.psd1') `
        (Join-Path $RepoRoot 'src/ZApi.Status.Media/CHANGELOG.md') $packageDir

    # PSResourceGet packs the Gallery's .nupkg format; a throw-away file repository keeps the user's settings untouched.
    $repository = 'ZApiStatusBuild-' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $repository -Uri $packageDir -Trusted
    try {
        Publish-PSResource -Path $versioned -Repository $repository -SkipDependenciesCheck
        Publish-PSResource -Path $mediaVersioned -Repository $repository -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    Get-ChildItem $packageDir -Filter *.nupkg | ForEach-Object { Write-Host "Package: $($_.FullName)" }
    Write-Host "Versioned folders: $versioned, $mediaVersioned"
    $packageDir
}

# Regenerates the MAML help from src/ZApi.Status/Help; a Pester test fails while the shipped copy is stale.
function Invoke-HelpTask {
    Invoke-BuildTask
    $helpFile = Join-Path $RepoRoot 'src/ZApi.Status/en-US/ZApi.Status.dll-Help.xml'
    $command = Get-ChildPowerShell
    & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'src/ZApi.Status/Help/New-ModuleHelp.ps1') `
        -ModulePath $ModuleDir -OutFile $helpFile
    if ($LASTEXITCODE -ne 0) { throw 'The help could not be generated; see the problems above.' }
    Copy-Item $helpFile (Join-Path $ModuleDir 'en-US')
    Write-Host "Help: $helpFile"
    $mediaHelpFile = Join-Path $RepoRoot 'src/ZApi.Status.Media/en-US/ZApi.Status.Media.dll-Help.xml'
    & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'src/ZApi.Status.Media/Help/New-MediaModuleHelp.ps1') `
        -ModulePath $MediaModuleDir -OutFile $mediaHelpFile
    if ($LASTEXITCODE -ne 0) { throw 'The media module''s help could not be generated; see the problems above.' }
    Copy-Item $mediaHelpFile (Join-Path $MediaModuleDir 'en-US')
    Write-Host "Help: $mediaHelpFile"
}

# Never part of Test: figures depend on the machine, so they are reported, not asserted.
function Invoke-BenchTask {
    Invoke-BuildTask
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'tests/Benchmarks'), '-c', 'Release', '--nologo', '-v', 'q', '-clp:NoSummary')
    & (Join-Path $RepoRoot 'tests/Benchmarks/Invoke-Benchmark.ps1') -ModulePath $ModuleDir -OutPath (Join-Path $OutDir 'bench') -SkipEncoder:$SkipEncoder `
        -BenchDll (Join-Path $RepoRoot 'tests/Benchmarks/bin/Release/net10.0/ZApi.Status.Benchmarks.dll')
    & (Join-Path $RepoRoot 'tests/Benchmarks/Invoke-MediaBenchmark.ps1') -ModulePath $MediaModuleDir -OutPath (Join-Path $OutDir 'bench')
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Demo' { Invoke-DemoTask }
    'Package' { Invoke-PackageTask }
    'Bench' { Invoke-BenchTask }
    'Help' { Invoke-HelpTask }
}
