<#
.SYNOPSIS
    Writes en-US/ZApi.Status.dll-Help.xml (MAML) from the readable help sources beside this script and the cmdlets'
    own metadata. Run through build.ps1 -Task Help; a Pester test fails when the shipped file is out of date.
.DESCRIPTION
    The prose (synopsis, description, parameter text, examples) comes from <Command>.psd1 and Common.psd1. What the
    code already knows comes from the built module, so it cannot drift: parameter sets, types, positions, aliases,
    pipeline binding, mandatory flags, defaults (read from a new instance of the cmdlet class) and output types.
    Fails, listing every problem, when a parameter has no text or the text names a parameter that does not exist.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module $ModulePath -PassThru -Force
$common = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'Common.psd1')
$engineParameters = [System.Management.Automation.Cmdlet]::CommonParameters
$problems = [System.Collections.Generic.List[string]]::new()
$usedCommonText = [System.Collections.Generic.HashSet[string]]::new()

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

# Paragraphs are separated by blank lines; single line breaks inside one are folded.
function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string] $Text) {
    foreach ($paragraph in ($Text.Trim() -split '\r?\n\s*\r?\n')) {
        $Writer.WriteElementString('para', $maml, ($paragraph.Trim() -replace '\s*\r?\n\s*', ' '))
    }
}

function Write-Description([System.Xml.XmlWriter] $Writer, [string] $Text) {
    $Writer.WriteStartElement('description', $maml)
    Write-Paragraphs $Writer $Text
    $Writer.WriteEndElement()
}

function Get-SetMetadata($Parameter, [string] $SetName) {
    if ($Parameter.ParameterSets.ContainsKey($SetName)) { return $Parameter.ParameterSets[$SetName] }
    $Parameter.ParameterSets['__AllParameterSets']
}

function Get-PipelineInput($SetMetadata) {
    $ways = @(
        if ($SetMetadata | Where-Object ValueFromPipelineByPropertyName) { 'ByPropertyName' }
        if ($SetMetadata | Where-Object ValueFromPipeline) { 'ByValue' }
    )
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}

# The type a user passes: int for an int? parameter. A Nullable's own names (Nullable`1, and an assembly-qualified
# full name that differs between runtimes) mean nothing in help.
function Get-ValueType([type] $Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $underlying } else { $Type }
}

function Write-Parameter([System.Xml.XmlWriter] $Writer, $Parameter, $SetMetadata, [string] $Text, [string] $Default, [bool] $Globbing) {
    $position = @($SetMetadata | Where-Object Position -GE 0 | ForEach-Object Position | Select-Object -First 1)
    $isSwitch = $Parameter.SwitchParameter
    $Writer.WriteStartElement('parameter', $commandNs)
    $Writer.WriteAttributeString('required', ([bool]($SetMetadata | Where-Object IsMandatory)).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $SetMetadata))
    $Writer.WriteAttributeString('position', $(if ($position.Count) { [string]$position[0] } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('name', $maml, $Parameter.Name)
    Write-Description $Writer $Text
    if (-not $isSwitch) {
        $Writer.WriteStartElement('parameterValue', $commandNs)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString((Get-ValueType $Parameter.ParameterType).Name)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('type', $dev)
    $Writer.WriteElementString('name', $maml, (Get-ValueType $Parameter.ParameterType).FullName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('defaultValue', $dev, $Default)
    $Writer.WriteEndElement()
}

function Write-TypeList([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items) {
    $Writer.WriteStartElement($ListName, $commandNs)
    foreach ($item in $Items) {
        $Writer.WriteStartElement($ItemName, $commandNs)
        $Writer.WriteStartElement('type', $dev)
        $Writer.WriteElementString('name', $maml, $item.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.NewLineChars = "`n"
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$buffer = [System.IO.MemoryStream]::new()
$writer = [System.Xml.XmlWriter]::Create($buffer, $settings)
$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')

foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $sourceFile = Join-Path $PSScriptRoot "$($command.Name).psd1"
    if (-not (Test-Path $sourceFile)) { $problems.Add("$($command.Name): no help source $sourceFile"); continue }
    $source = Import-PowerShellDataFile $sourceFile
    $noun = if ($source.ContainsKey('Noun')) { $source.Noun } else { '' }
    $defaults = if ($source.ContainsKey('Defaults')) { $source.Defaults } else { @{} }
    $wildcards = if ($source.ContainsKey('Wildcards')) { $source.Wildcards } else { @() }
    $instance = [System.Activator]::CreateInstance($command.ImplementingType)

    # Positional first, then mandatory ones, then the rest as the cmdlet declares them.
    $parameters = @($command.Parameters.Values | Where-Object { $engineParameters -notcontains $_.Name } | Sort-Object -Stable `
        { $p = @($_.ParameterSets.Values | Where-Object Position -GE 0); if ($p.Count) { $p[0].Position } else { 1000 } },
        { -not ($_.ParameterSets.Values | Where-Object IsMandatory) })
    $text = @{}
    foreach ($parameter in $parameters) {
        if ($source.Parameters.ContainsKey($parameter.Name)) { $text[$parameter.Name] = $source.Parameters[$parameter.Name] }
        elseif ($common.Parameters.ContainsKey($parameter.Name)) {
            $text[$parameter.Name] = $common.Parameters[$parameter.Name] -replace '<noun>', $noun
            $null = $usedCommonText.Add($parameter.Name)
        }
        else { $problems.Add("$($command.Name): -$($parameter.Name) has no help text") }
    }
    foreach ($name in $source.Parameters.Keys) {
        if (-not $command.Parameters.ContainsKey($name)) { $problems.Add("$($command.Name): help for -$name, which does not exist") }
    }
    $declared = @($command.OutputType | ForEach-Object Name | Sort-Object)
    $documented = @($source.Outputs.Type | Where-Object { $_ -ne 'None' } | Sort-Object)
    if (($declared -join ',') -ne ($documented -join ',')) { $problems.Add("$($command.Name): [OutputType] is '$($declared -join ',')', help says '$($documented -join ',')'") }
    if (@($source.Examples).Count -lt 3) { $problems.Add("$($command.Name): $(@($source.Examples).Count) examples, at least 3 wanted") }

    $defaultOf = {
        param($Parameter)
        if ($defaults.ContainsKey($Parameter.Name)) { return [string]$defaults[$Parameter.Name] }
        if ($Parameter.SwitchParameter) { return 'False' }
        $value = $instance.($Parameter.Name)
        if ($null -eq $value -or $value -is [array]) { 'None' } else { [string]$value }
    }

    $verb, $nounPart = $command.Name -split '-', 2
    $writer.WriteStartElement('command', 'command', $commandNs)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('details', $commandNs)
    $writer.WriteElementString('name', $commandNs, $command.Name)
    $writer.WriteElementString('verb', $commandNs, $verb)
    $writer.WriteElementString('noun', $commandNs, $nounPart)
    Write-Description $writer $source.Synopsis
    $writer.WriteEndElement()
    Write-Description $writer $source.Description

    $writer.WriteStartElement('syntax', $commandNs)
    foreach ($set in $command.ParameterSets | Sort-Object { -not $_.IsDefault }) {
        $writer.WriteStartElement('syntaxItem', $commandNs)
        $writer.WriteElementString('name', $maml, $command.Name)
        $inSet = $set.Parameters | Where-Object { $engineParameters -notcontains $_.Name } |
            Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } }, { -not $_.IsMandatory }
        foreach ($member in $inSet) {
            $parameter = $command.Parameters[$member.Name]
            Write-Parameter $writer $parameter @(Get-SetMetadata $parameter $set.Name) $text[$member.Name] (& $defaultOf $parameter) ($wildcards -contains $member.Name)
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('parameters', $commandNs)
    foreach ($parameter in $parameters) {
        Write-Parameter $writer $parameter @($parameter.ParameterSets.Values) $text[$parameter.Name] (& $defaultOf $parameter) ($wildcards -contains $parameter.Name)
    }
    $writer.WriteEndElement()

    Write-TypeList $writer 'inputTypes' 'inputType' $source.Inputs
    Write-TypeList $writer 'returnValues' 'returnValue' $source.Outputs

    if ($source.ContainsKey('Notes')) {
        $writer.WriteStartElement('alertSet', $maml)
        $writer.WriteStartElement('alert', $maml)
        Write-Paragraphs $writer $source.Notes
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('examples', $commandNs)
    $number = 0
    foreach ($example in $source.Examples) {
        $number++
        $writer.WriteStartElement('example', $commandNs)
        $writer.WriteElementString('title', $maml, "--------- Example ${number}: $($example.Title) ---------")
        $writer.WriteElementString('code', $dev, ($example.Code.Trim() -replace '\r\n', "`n"))
        $writer.WriteStartElement('remarks', $dev)
        Write-Paragraphs $writer $example.Remarks
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('relatedLinks', $commandNs)
    foreach ($link in $source.Links) {
        $writer.WriteStartElement('navigationLink', $maml)
        $writer.WriteElementString('linkText', $maml, $link)
        $writer.WriteElementString('uri', $maml, '')
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

foreach ($name in $common.Parameters.Keys) {
    if (-not $usedCommonText.Contains($name)) { $problems.Add("Common.psd1: help for -$name, which no cmdlet uses") }
}

$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
if ($problems.Count) { throw "The help is incomplete:`n  " + ($problems -join "`n  ") }
[System.IO.File]::WriteAllBytes($OutFile, $buffer.ToArray())
