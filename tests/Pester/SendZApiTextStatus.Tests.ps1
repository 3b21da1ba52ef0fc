BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-videos-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    New-TestVideo (Join-Path $Folder 'a-clip.mp4') isom 300000 | Out-Null
    New-TestVideo (Join-Path $Folder 'b-phone.3gp') 3gp4 5000 | Out-Null
    New-TestImage (Join-Path $Folder 'c-still.mp4') png 500 | Out-Null
    New-TestVideo (Join-Path $Folder 'd-apple.mp4') 'qt  ' 800 | Out-Null
    New-Item -ItemType File -Path (Join-Path $Folder 'e-empty.mp4') | Out-Null
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'Send-ZApiTextStatus' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'posts one status per piped string, in order, byte for byte' {
        $messages = 'Good morning', "Quotes `" and \ backslash`ttab", ('long ' * 1000), "Emoji 🎉 and שלום and a`r`nnew line"
        $results = $messages | Send-ZApiTextStatus

        $results.Count | Should -Be 4
        $results[0].PSObject.TypeNames[0] | Should -Be 'ZApi.Status.TextStatusResult'
        $results.Message | Should -Be $messages
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.kind | Should -Be 'text', 'text', 'text', 'text'
        $stored.message | Should -BeExactly $messages
        $stored.id | Should -Be $results.MessageId
    }

    It 'binds -Message by property name, so a CSV batch works' {
        $csv = Join-Path $Folder 'plan.csv'
        @([pscustomobject]@{ Message = 'from a csv'; Other = 'x' }, [pscustomobject]@{ Message = 'second row'; Other = 'y' }) | Export-Csv -LiteralPath $csv
        $results = Import-Csv -LiteralPath $csv | Send-ZApiTextStatus
        $results.Message | Should -Be 'from a csv', 'second row'
    }

    It 'reports an empty or blank message with MessageEmpty and the input as target, and goes on' {
        $results = 'first', '', $null, '   ', 'last' | Send-ZApiTextStatus -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.Message | Should -Be 'first', 'last'
        $failures.Count | Should -Be 3
        $failures | ForEach-Object { Get-ErrorId $_ | Should -Be 'MessageEmpty'; $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        $failures.TargetObject | Should -Be '', $null, '   '
        @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).Count | Should -Be 2
    }

    It '-WhatIf names the message and posts nothing' {
        $shown = Invoke-ConnectedChild $Sandbox "'hello whatif' | Send-ZApiTextStatus -WhatIf"
        $shown | Should -Be 'What if: Performing the operation "Post text status" on target "hello whatif (12 characters)".'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'shares the retry rules: a 429 is retried, and the status posted once' {
        Reset-TestSandbox $Sandbox @{ RateLimitCount = 1; RetryAfterSec = 0 }
        $result = Send-ZApiTextStatus 'after a 429' -RetryIntervalSec 0
        $result.Message | Should -Be 'after a 429'
        ((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).statusCode | Should -Be 429, 200
        (Get-TestSandboxStatus $Sandbox).Count | Should -Be 1
    }

    It 'a refused Client-Token stops the batch at the first request' {
        Connect-TestSandbox $Sandbox -ClientToken 'wrong-text-CLIENT'
        { 'one', 'two', 'three' | Send-ZApiTextStatus } | Should -Throw -ErrorId 'ZApiAuthenticationFailed*'
        (Get-TestSandboxRequest $Sandbox).Count | Should -Be 1
    }
}

Describe 'Send-ZApiVideoStatus' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'posts MP4 and 3GP files with their sniffed type, and the server receives exactly their bytes' {
        $files = Get-ChildItem $Folder | Where-Object Name -Match '^[ab]-'
        $results = $files | Send-ZApiVideoStatus -Caption 'clips'

        $results.Count | Should -Be 2
        $results[0].PSObject.TypeNames[0] | Should -Be 'ZApi.Status.VideoStatusResult'
        $results.MimeType | Should -Be 'video/mp4', 'video/3gpp'
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.kind | Should -Be 'video', 'video'
        $stored.sha256 | Should -Be ($files | ForEach-Object { Get-Sha256 $_.FullName })
        $stored.caption | Should -Be 'clips', 'clips'
    }

    It 'passes a link as is, and binds Path and Caption from a CSV' {
        Send-ZApiVideoStatus -Uri 'https://example.org/clip.mp4' | Out-Null
        [pscustomobject]@{ Path = (Join-Path $Folder 'b-phone.3gp'); Caption = 'from csv' } | Send-ZApiVideoStatus | Out-Null
        $stored = Get-TestSandboxStatus $Sandbox
        $stored[0].link | Should -Be 'https://example.org/clip.mp4'
        $stored[1].caption | Should -Be 'from csv'
    }

    It '<Name>' -TestCases @(
        @{ Name = 'an image is UnsupportedVideoType, pointing to Send-ZApiImageStatus'; Id = 'UnsupportedVideoType'; Category = 'InvalidData'; File = 'c-still.mp4'; Message = 'Send-ZApiImageStatus'; Extra = @{} }
        @{ Name = 'a QuickTime .mov is UnsupportedVideoType'; Id = 'UnsupportedVideoType'; Category = 'InvalidData'; File = 'd-apple.mp4'; Message = 'QuickTime'; Extra = @{} }
        @{ Name = 'over the limit is VideoTooLarge'; Id = 'VideoTooLarge'; Category = 'LimitsExceeded'; File = 'a-clip.mp4'; Message = 'MaximumVideoBytes'; Extra = @{ MaximumVideoBytes = 1000 } }
        @{ Name = 'a missing file is VideoNotFound'; Id = 'VideoNotFound'; Category = 'ObjectNotFound'; File = 'nope.mp4'; Message = 'video'; Extra = @{} }
        @{ Name = 'an empty file is VideoEmpty'; Id = 'VideoEmpty'; Category = 'InvalidData'; File = 'e-empty.mp4'; Message = 'empty'; Extra = @{} }
    ) {
        $path = Join-Path $Folder $File
        $results = Send-ZApiVideoStatus -LiteralPath $path @Extra -ErrorVariable failures -ErrorAction SilentlyContinue
        $results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        Get-ErrorId $failures[0] | Should -Be $Id
        $failures[0].CategoryInfo.Category | Should -Be $Category
        $failures[0].TargetObject | Should -Be $path
        $failures[0].Exception.Message | Should -Match $Message
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'refuses a video over 10 MB by default, before anything is sent' {
        $big = New-TestVideo (Join-Path $Folder 'big.mp4') isom (10MB + 1)
        { Send-ZApiVideoStatus -LiteralPath $big.FullName -ErrorAction Stop } | Should -Throw -ErrorId 'VideoTooLarge*'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'an unknown outcome is reported and not retried' {
        Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
        $results = Get-ChildItem $Folder | Where-Object Name -Match '^[ab]-' | Send-ZApiVideoStatus -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.Count | Should -Be 1
        Get-ErrorId $failures[0] | Should -Be 'ZApiOutcomeUnknown'
        @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).Count | Should -Be 2
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

