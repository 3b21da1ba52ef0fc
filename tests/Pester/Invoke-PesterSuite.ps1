<# Runs the Pester suite in this (child) process and writes its counts as JSON for build.ps1. #>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SandboxPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    # out/package from build.ps1: the versioned folder and the .nupkg to install.
    [string] $PackagePath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -MinimumVersion 5.3
# The manifest, so tests can both import it and read it.
$env:ZAPI_TEST_MODULE = (Resolve-Path -LiteralPath (Join-Path $ModulePath 'ZApi.Status.psd1')).ProviderPath
$env:ZAPI_TEST_PACKAGE = if ($PackagePath) { (Resolve-Path -LiteralPath $PackagePath).ProviderPath } else { '' }
$env:ZAPI_TEST_SANDBOX = (Resolve-Path -LiteralPath $SandboxPath).ProviderPath

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($ResultPath, '.xml')
$result = Invoke-Pester -Configuration $configuration

# Why each test was skipped: Set-ItResult -Skipped -Because gives a reason; a bare It -Skip only its place.
$skippedTests = @($result.Skipped | ForEach-Object {
        $because = @($_.ErrorRecord | ForEach-Object { $_.Exception.Message -replace '^is skipped, because ', '' }) -join '; '
        [ordered]@{
            Name   = $_.ExpandedPath
            Reason = if ($because) { $because } else { "It -Skip gives no reason ($([System.IO.Path]::GetFileName($_.ScriptBlock.File)):$($_.StartLine))" }
        }
    })

@{
    Passed       = $result.PassedCount
    Failed       = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped      = $result.SkippedCount
    SkippedTests = $skippedTests
} | ConvertTo-Json -Depth 3 | Set-Content -Path $ResultPath
