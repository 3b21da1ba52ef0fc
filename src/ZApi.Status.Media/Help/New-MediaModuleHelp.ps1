<#
.SYNOPSIS
    Writes en-US/ZApi.Status.Media.dll-Help.xml (MAML) with the ZApi.Status help generator and the sources beside
    this script. Run through build.ps1 -Task Help; a Pester test fails when the shipped file is out of date.
.DESCRIPTION
    The generator (src/ZApi.Status/Help/New-ModuleHelp.ps1) reads the help sources beside itself, so it runs from a
    temporary folder that holds a copy of it and this module's sources: one generator, one MAML format, for both modules.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('zapi-media-help-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $work
try {
    Copy-Item (Join-Path $PSScriptRoot '../../ZApi.Status/Help/New-ModuleHelp.ps1') $work
    Copy-Item (Join-Path $PSScriptRoot '*.psd1') $work
    & (Join-Path $work 'New-ModuleHelp.ps1') -ModulePath (Resolve-Path -LiteralPath $ModulePath).ProviderPath -OutFile ([System.IO.Path]::GetFullPath($OutFile))
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
