# What Tab offers a new user: the parameters people type first before the rare ones, and, for a path, folders and
# only the files the command reads, never the CSV, history or lock files beside the photos.
BeforeAll {
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $mediaManifest = if ($env:ZAPI_TEST_MEDIA_MODULE) { $env:ZAPI_TEST_MEDIA_MODULE }
        else { Join-Path (Split-Path (Split-Path $env:ZAPI_TEST_MODULE)) 'ZApi.Status.Media/ZApi.Status.Media.psd1' }
    Import-Module $mediaManifest -Force

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-completion-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path (Join-Path $Folder 'week12') -Force
    $script:Photos = 'IMG_0001.HEIC', 'anim.gif', 'pic.avif', 'pic.bmp', 'pic.heif', 'pic.webp', 'photo.JPG', 'scan.tiff', 'shot.png'
    $script:Clips = 'clip.3gp', 'clip.avi', 'clip.mkv', 'clip.mov', 'clip.mp4', 'clip.webm'
    foreach ($name in $Photos + $Clips + @('plan.csv', 'status-history.jsonl', 'status-history.jsonl.lock', 'notes.txt')) {
        Set-Content -LiteralPath (Join-Path $Folder $name) -Value x
    }

    function Get-Completion([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.ListItemText) }
}

AfterAll { Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue }

Describe 'parameter names' {
    It '<Command> -<Tab> offers the inputs and -Caption first, and <Limit> after the batch controls' -TestCases @(
        @{ Command = 'Send-ZApiImageStatus'; Limit = 'MaximumImageBytes' }
        @{ Command = 'Send-ZApiVideoStatus'; Limit = 'MaximumVideoBytes' }) {
        $names = Get-Completion "$Command -"
        $names[0..4] | Should -Be 'Path', 'LiteralPath', 'Uri', 'Base64', 'Caption'
        $names.IndexOf($Limit) | Should -BeGreaterThan $names.IndexOf('HistoryPath')
        $names.IndexOf($Limit) | Should -BeGreaterThan $names.IndexOf('Force')
        $names.IndexOf($Limit) | Should -BeLessThan $names.IndexOf('WhatIf')
    }

    It '<Command> keeps its parameter sets, positions and the default of <Limit>' -TestCases @(
        @{ Command = 'Send-ZApiImageStatus'; Limit = 'MaximumImageBytes'; Default = 16MB }
        @{ Command = 'Send-ZApiVideoStatus'; Limit = 'MaximumVideoBytes'; Default = 10MB }) {
        $info = Get-Command $Command
        $info.ParameterSets.Name | Sort-Object | Should -Be 'Base64', 'LiteralPath', 'Path', 'Uri'
        $info.DefaultParameterSet | Should -Be 'Path'
        ($info.ParameterSets | Where-Object Name -EQ 'Path').Parameters | Where-Object Name -EQ 'Path' | ForEach-Object Position | Should -Be 0
        $parameter = $info.Parameters[$Limit]
        $parameter.ParameterType | Should -Be ([long])
        @($parameter.ParameterSets.Keys) | Should -Be '__AllParameterSets'
        $parameter.ParameterSets['__AllParameterSets'].Position | Should -BeLessThan 0
        ([System.Activator]::CreateInstance($info.ImplementingType)).$Limit | Should -Be $Default
    }
}

Describe 'paths' {
    BeforeEach { Push-Location $Folder }
    AfterEach { Pop-Location }

    It '<Line> offers folders and the <What> it reads' -TestCases @(
        @{ Line = 'ConvertTo-ZApiStatusImage ./'; What = 'photo formats' }
        @{ Line = 'ConvertTo-ZApiStatusImage -LiteralPath '; What = 'photo formats' }
        @{ Line = 'ConvertTo-ZApiStatusVideo ./'; What = 'clip formats' }
        @{ Line = 'ConvertTo-ZApiStatusVideo -Path '; What = 'clip formats' }) {
        $expected = @($(if ($What -eq 'photo formats') { $Photos } else { $Clips }) + 'week12')
        Get-Completion $Line | Sort-Object | Should -Be ($expected | Sort-Object)
    }

    It 'Send-ZApiImageStatus ./ still offers only what it posts: JPEG, PNG, WebP, GIF and folders' {
        Get-Completion 'Send-ZApiImageStatus ./' | Sort-Object | Should -Be ('anim.gif', 'photo.JPG', 'pic.webp', 'shot.png', 'week12' | Sort-Object)
    }

    It 'a folder completes into its files' {
        Copy-Item -LiteralPath (Join-Path $Folder 'IMG_0001.HEIC') -Destination (Join-Path $Folder 'week12/IMG_0002.HEIC')
        Set-Content -LiteralPath (Join-Path $Folder 'week12/list.csv') -Value x
        Get-Completion 'ConvertTo-ZApiStatusImage ./week12/' | Should -Be 'IMG_0002.HEIC'
    }
}

Describe 'tab completion of -Path' {
    It 'offers folders and the files whose extension fits the command' {
        $folder = Join-Path $Folder 'complete'
        New-Item -ItemType Directory -Path (Join-Path $folder 'sub') -Force | Out-Null
        foreach ($name in 'a.png', 'b.JPG', 'c.mp4', 'd.txt', 'e.3gp') { Set-Content -LiteralPath (Join-Path $folder $name) -Value x }
        Push-Location $folder
        try {
            $complete = { param($Line) (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.ListItemText }
            & $complete 'Send-ZApiImageStatus -Path ' | Should -Be 'a.png', 'b.JPG', 'sub'
            & $complete 'Send-ZApiVideoStatus -LiteralPath ' | Should -Be 'c.mp4', 'e.3gp', 'sub'
        }
        finally { Pop-Location }
    }
}
