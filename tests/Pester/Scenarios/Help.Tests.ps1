# Get-Help is complete for every cmdlet, with the examples a new user looks for; the shipped MAML is what the sources
# generate; every result type has a view; the Gallery package installs and imports by name.
BeforeDiscovery {
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Commands = @(Get-Command -Module ZApi.Status | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:EngineParameters = [System.Management.Automation.Cmdlet]::CommonParameters
}

Describe 'Get-Help <Name> -Full' -ForEach $Commands {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
        $script:Parameters = @($Command.Parameters.Keys | Where-Object { $EngineParameters -notcontains $_ })
    }

    It 'has a synopsis and a description of its own' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($Name) + '\s') -Because 'without help, PowerShell shows the syntax as the synopsis'
        ($Help.description.Text -join ' ').Length | Should -BeGreaterThan 100
    }

    It 'describes every parameter, with its type' {
        foreach ($name in $Parameters) {
            $entry = $Help.parameters.parameter | Where-Object name -EQ $name
            $entry | Should -Not -BeNullOrEmpty -Because "-$name needs help"
            ($entry.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name needs text"
            $type = $Command.Parameters[$name].ParameterType
            if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
            if ($type -ne [switch]) { $entry.type.name | Should -Be $type.FullName }
        }
    }

    It 'names every type as a user writes it: no backtick generic such as Nullable`1 in the syntax or the parameters' {
        $syntax = $Help.syntax | Out-String -Width 1000
        $syntax | Should -Not -BeNullOrEmpty
        $syntax | Should -Not -Match '`\d'
        foreach ($entry in $Help.parameters.parameter) { "$($entry.parameterValue) $($entry.type.name)" | Should -Not -Match '`\d' -Because "-$($entry.name)" }
        foreach ($name in $Parameters | Where-Object { [Nullable]::GetUnderlyingType($Command.Parameters[$_].ParameterType) }) {
            $syntax | Should -Match ("-$name <" + [Nullable]::GetUnderlyingType($Command.Parameters[$name].ParameterType).Name + '>')
        }
    }

    It 'counts results by their Outcome wherever an example counts what was posted' {
        foreach ($example in $Help.examples.example) {
            if ($example.code -match '\.Count' -and $example.code -match 'Posted') { $example.code | Should -Match 'Outcome' -Because "results can be AlreadyPosted, NotDue or Deferred: $($example.title)" }
        }
    }

    It 'names no parameter that does not exist' {
        foreach ($entry in $Help.parameters.parameter) { $Parameters | Should -Contain $entry.name }
    }

    It 'states pipeline binding and position as the cmdlet declares them' {
        foreach ($name in $Parameters) {
            $sets = $Command.Parameters[$name].ParameterSets.Values
            $entry = $Help.parameters.parameter | Where-Object name -EQ $name
            $entry.pipelineInput -match 'ByValue' | Should -Be ([bool]($sets | Where-Object ValueFromPipeline)) -Because "-$name"
            $entry.pipelineInput -match 'ByPropertyName' | Should -Be ([bool]($sets | Where-Object ValueFromPipelineByPropertyName)) -Because "-$name"
        }
    }

    It 'names its output types as [OutputType] does' {
        $declared = @($Command.OutputType.Name)
        if ($declared) { @($Help.returnValues.returnValue.type.name) | Should -Be $declared }
    }

    It 'has at least three examples with code and remarks' {
        @($Help.examples.example).Count | Should -BeGreaterOrEqual 3
        foreach ($example in $Help.examples.example) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'examples a new user looks for' {
    It '<Command> has an example that <What>' -TestCases @(
        @{ Command = 'Send-ZApiImageStatus'; What = 'keeps a status history and reads it back'; Pattern = '(?s)Send-ZApiImageStatus[^\n]*-HistoryPath.*Get-ZApiStatusHistory' }
        @{ Command = 'Send-ZApiImageStatus'; What = 'posts a calendar CSV with a PostAt column'; Pattern = '(?s)Path,Caption,PostAt.*Import-Csv[^\n]*\|\s*Send-ZApiImageStatus[^\n]*-HistoryPath' }
        @{ Command = 'Send-ZApiImageStatus'; What = 'converts phone photos with the media module first'; Pattern = '(?s)Import-Module ZApi\.Status\.Media.*ConvertTo-ZApiStatusImage\s*\|\s*Send-ZApiImageStatus' }
        @{ Command = 'Send-ZApiVideoStatus'; What = 'converts clips with the media module first'; Pattern = 'ConvertTo-ZApiStatusVideo\s*\|\s*Send-ZApiVideoStatus' }
        @{ Command = 'Set-ZApiConnection'; What = 'gives the session a status history'; Pattern = 'Set-ZApiConnection[^\n]*-HistoryPath' }
    ) {
        $examples = (Get-Help $Command -Full).examples.example
        @($examples | Where-Object { $_.code -match $Pattern }).Count | Should -BeGreaterOrEqual 1 -Because "Get-Help $Command -Examples should show it"
        ($examples | Where-Object { $_.code -match $Pattern }).remarks.Text -join ' ' | Should -Not -BeNullOrEmpty
    }
}

Describe 'the help files' {
    It 'the shipped MAML is what the help sources generate (else run ./build.ps1 -Task Help)' {
        $fresh = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-help-" + [guid]::NewGuid().ToString('N') + '.xml')
        $child = Get-ChildPowerShell
        $generator = Join-Path $PSScriptRoot '../../../src/ZApi.Status/Help/New-ModuleHelp.ps1'
        & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -File $generator -ModulePath (Split-Path $env:ZAPI_TEST_MODULE) -OutFile $fresh
        try {
            $LASTEXITCODE | Should -Be 0
            $shipped = Join-Path (Split-Path $env:ZAPI_TEST_MODULE) 'en-US/ZApi.Status.dll-Help.xml'
            (Get-FileHash $fresh).Hash | Should -Be (Get-FileHash $shipped).Hash
        }
        finally { Remove-Item $fresh -ErrorAction SilentlyContinue }
    }

    It 'about_ZApi.Status covers connection, error ids, retries and the sandbox' {
        $about = Get-Help about_ZApi.Status | Out-String
        foreach ($heading in 'CONNECTION', 'ERROR IDS', 'RETRIES', 'RUNBOOKS', 'THE SANDBOX') { $about | Should -Match $heading }
        foreach ($id in [enum]::GetNames([ZApi.Status.ZApiErrorId])) { $about | Should -Match "\b$id\b" -Because "$id must be documented" }
    }
}

Describe 'formatting and metadata' {
    It 'every public type the cmdlets return has a table view' {
        $views = Get-FormatData -TypeName ZApi.Status.*
        foreach ($type in 'ZApi.Status.MediaStatusResult', 'ZApi.Status.TextStatusResult', 'ZApi.Status.ZApiConnection', 'ZApi.Status.ZApiInstanceStatus', 'ZApi.Status.ZApiQueuedMessage') {
            $controls = ($views | Where-Object { $_.TypeNames -contains $type }).FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name }
            $controls | Should -Contain 'TableControl' -Because $type
        }
    }

    It 'a result table shows the file name, the caption shortened and the expiry in local time' {
        $result = [ZApi.Status.ImageStatusResult]::new('/photos/week12/monday.jpg', 'A long caption that will not fit the column', 'image/jpeg', 10, 'z1', 'm1', [datetimeoffset]::new(2026, 11, 25, 12, 0, 0, [timespan]::Zero))
        $table = $result | Format-Table | Out-String -Width 200
        $table | Should -Match 'monday\.jpg'
        $table | Should -Not -Match '/photos/week12'
        $table | Should -Match 'A long caption that…'
        $table | Should -Match ([regex]::Escape($result.ExpiresAt.LocalDateTime.ToString('g')))
    }

    It 'the assembly carries the manifest''s version' {
        $manifest = Import-PowerShellDataFile $env:ZAPI_TEST_MODULE
        [ZApi.Status.ZApiConnection].Assembly.GetName().Version.ToString(3) | Should -Be $manifest.ModuleVersion
        (Get-Module ZApi.Status).Version.ToString() | Should -Be $manifest.ModuleVersion
    }
}

Describe 'the package' {
    It 'is a Gallery .nupkg with tags, license, project and release notes, that installs into a module path and imports by name' {
        if (-not $env:ZAPI_TEST_PACKAGE) { Set-ItResult -Skipped -Because 'no package to test: build.ps1 -Task Test builds one; a direct Invoke-PesterSuite.ps1 run needs -PackagePath' }
        $manifest = Import-PowerShellDataFile $env:ZAPI_TEST_MODULE
        $nupkg = Get-ChildItem $env:ZAPI_TEST_PACKAGE -Filter "ZApi.Status.$($manifest.ModuleVersion).nupkg"
        $nupkg | Should -Not -BeNullOrEmpty

        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try {
            $entries = $zip.Entries.FullName
            $entries | Should -Contain 'ZApi.Status.psd1' -Because 'the Gallery format has the manifest at the root'
            $entries | Should -Contain 'ZApi.Status.dll'
            $entries | Should -Contain 'en-US/ZApi.Status.dll-Help.xml'
            $entries | Should -Contain 'Dependencies/System.Text.Json.dll'
            $entries | Should -Contain 'Dependencies/Wcwidth.dll'
            $reader = [System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ 'ZApi.Status.nuspec').Open())
            $nuspec = [xml]$reader.ReadToEnd(); $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $metadata = $nuspec.package.metadata
        $metadata.version | Should -Be $manifest.ModuleVersion
        $metadata.tags | Should -Match 'WhatsApp'
        $metadata.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        "$($metadata.licenseUrl)$($metadata.license.'#text')" | Should -Not -BeNullOrEmpty
        $metadata.releaseNotes | Should -Match 'Send-ZApiVideoStatus' -Because 'the notes come from CHANGELOG.md'

        $modules = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-install-" + [guid]::NewGuid().ToString('N'))
        $repository = 'ZApiStatusTest-' + [guid]::NewGuid().ToString('N')
        $null = New-Item -ItemType Directory $modules
        Register-PSResourceRepository -Name $repository -Uri $env:ZAPI_TEST_PACKAGE -Trusted
        try {
            Save-PSResource -Name ZApi.Status -Repository $repository -Path $modules -TrustRepository -IncludeXml
            Test-Path (Join-Path $modules "ZApi.Status/$($manifest.ModuleVersion)/ZApi.Status.psd1") | Should -BeTrue

            $child = Get-ChildPowerShell
            $separator = [System.IO.Path]::PathSeparator
            $imported = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command `
                "`$env:PSModulePath = '$modules$separator' + `$env:PSModulePath; Import-Module ZApi.Status; `$m = Get-Module ZApi.Status; `$m.Version.ToString(); `$m.ModuleBase; (Get-Command -Module ZApi.Status).Count"
            $imported[0] | Should -Be $manifest.ModuleVersion
            $imported[1] | Should -BeLike "$modules*"
            [int]$imported[2] | Should -Be @($manifest.CmdletsToExport).Count
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
            Remove-Item -Recurse -Force $modules -ErrorAction SilentlyContinue
        }
    }
}
