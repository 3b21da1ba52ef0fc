# Dot-sourced by build.ps1, the Pester helpers and the benchmark: one definition of "a PowerShell like this one".

# The command line of a child PowerShell like this one (pwsh as a dotnet tool runs inside dotnet).
function Get-ChildPowerShell {
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return , @("$PSHOME\powershell.exe") }
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return , @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    , @($process)
}

# A ProcessStartInfo that starts $FilePath with exactly these arguments, on Windows PowerShell 5.1 too: .NET
# Framework has no ProcessStartInfo.ArgumentList, so the arguments go through the sandbox module's quoting, whose round
# trip its own tests check.
function New-ProcessStart([Parameter(Mandatory)] [string] $FilePath, [AllowEmptyString()] [string[]] $ArgumentList = @()) {
    $sandbox = Import-Module (Join-Path $PSScriptRoot '../src/ZApi.Sandbox/ZApi.Sandbox.psm1') -PassThru
    $start = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    $start.Arguments = & $sandbox { param([string[]] $Arguments) Join-CommandLine $Arguments } $ArgumentList
    $start.UseShellExecute = $false
    $start
}
