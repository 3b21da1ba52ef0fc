# Dot-sourced by build.ps1, the Pester helpers and the benchmark: one definition of "a PowerShell like this one".

# The command line of a child PowerShell like this one (pwsh as a dotnet tool runs inside dotnet).
function Get-ChildPowerShell {
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return , @("$PSHOME\powershell.exe") }
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return , @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    , @($process)
}
