BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-images-" + [guid]::NewGuid().ToString('N'))
    $script:Images = Join-Path $Folder 'week12'
    New-Item -ItemType Directory -Path $Images | Out-Null
    New-TestImage (Join-Path $Images 'a-first.png') png 5000 | Out-Null
    New-TestImage (Join-Path $Images 'b-second.jpg') jpeg 300000 | Out-Null
    New-TestImage (Join-Path $Images 'c-third.gif') gif 70 | Out-Null
    New-TestImage (Join-Path $Images 'd-fourth.webp') webp 1024 | Out-Null

    $script:Mixed = Join-Path $Folder 'mixed'
    New-Item -ItemType Directory -Path (Join-Path $Mixed 'sub') | Out-Null
    New-TestImage (Join-Path $Mixed '1.png') png 100 | Out-Null
    Set-Content -LiteralPath (Join-Path $Mixed '2-notes.jpg') -Value 'just text, renamed'
    New-TestImage (Join-Path $Mixed '3.png') png 200 | Out-Null

    function Connect-Sandbox([string] $ClientToken = $Sandbox.ClientToken) { Connect-TestSandbox $Sandbox -ClientToken $ClientToken }

    Connect-Sandbox
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'Send-ZApiImageStatus' {
    BeforeEach {
        Connect-Sandbox
        Reset-TestSandbox $Sandbox
    }

    Context 'a folder piped from Get-ChildItem' {
        It 'posts every image once, in order, and the server receives exactly the bytes of each file' {
            $files = Get-ChildItem $Images -File
            $results = $files | Send-ZApiImageStatus -Caption 'Week 12'

            $results.Count | Should -Be 4
            $results.Source | Should -Be $files.FullName
            $results.MimeType | Should -Be 'image/png', 'image/jpeg', 'image/gif', 'image/webp'
            $results.ByteCount | Should -Be ($files | ForEach-Object Length)
            $results[0].PSObject.TypeNames[0] | Should -Be 'ZApi.Status.ImageStatusResult'
            $results | ForEach-Object { $_.ExpiresAt - $_.SentAt | Should -Be ([timespan]::FromHours(24)) }

            $stored = Get-TestSandboxStatus $Sandbox
            $stored.sha256 | Should -Be ($files | ForEach-Object { Get-Sha256 $_.FullName })
            $stored.caption | Should -Be ('Week 12', 'Week 12', 'Week 12', 'Week 12')
            $stored.id | Should -Be $results.MessageId
        }

        It 'reports a non-image and a directory by input and goes on with the rest' {
            $results = Get-ChildItem $Mixed | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue

            $results.Source | Should -Be (Join-Path $Mixed '1.png'), (Join-Path $Mixed '3.png')
            $failures.Count | Should -Be 2
            $byId = @{}; $failures | ForEach-Object { $byId[(Get-ErrorId $_)] = $_ }
            $byId['UnsupportedImageType'].TargetObject | Should -Be (Join-Path $Mixed '2-notes.jpg')
            $byId['UnsupportedImageType'].CategoryInfo.Category | Should -Be 'InvalidData'
            $byId['PathIsDirectory'].TargetObject | Should -Be (Join-Path $Mixed 'sub')
            (Get-TestSandboxStatus $Sandbox).Count | Should -Be 2
        }
    }

    Context 'paths' {
        It 'expands wildcards in -Path' {
            $results = Send-ZApiImageStatus -Path (Join-Path $Images '*.png'), (Join-Path $Images '*.gif')
            $results.Source | Should -Be (Join-Path $Images 'a-first.png'), (Join-Path $Images 'c-third.gif')
        }

        It 'resolves a relative path against the current location' {
            Push-Location $Images
            try { (Send-ZApiImageStatus './a-first.png').Source | Should -Be (Join-Path $Images 'a-first.png') }
            finally { Pop-Location }
        }

        It 'takes brackets literally in -LiteralPath and as a wildcard in -Path' {
            $odd = New-TestImage (Join-Path $Folder 'photo[1].png') png 128
            (Send-ZApiImageStatus -LiteralPath $odd.FullName).Source | Should -Be $odd.FullName
            (Send-ZApiImageStatus -LP $odd.FullName).Source | Should -Be $odd.FullName
            Send-ZApiImageStatus -Path $odd.FullName -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failure[0] | Should -Be 'ImageNotFound'
            (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $odd.FullName), (Get-Sha256 $odd.FullName)
        }

        It 'posts a piped FileInfo as that very file, whatever its name and the current location' {
            $album = Join-Path $Folder 'album [2026]'
            $null = [System.IO.Directory]::CreateDirectory($album)
            $odd = New-TestImage (Join-Path $album 'photo[1].png') png 256
            $lookalike = New-TestImage (Join-Path $album 'photo1.png') png 300   # what 'photo[1].png' matches as a wildcard
            $file = Get-Item -LiteralPath $odd.FullName

            Push-Location Env:
            try { $results = @($file, $file | Send-ZApiImageStatus) }
            finally { Pop-Location }

            $results.Source | Should -Be $odd.FullName, $odd.FullName
            (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $odd.FullName), (Get-Sha256 $odd.FullName)
            (Get-TestSandboxStatus $Sandbox).sha256 | Should -Not -Contain (Get-Sha256 $lookalike.FullName)
        }

        It 'resolves -Path text the same way whether or not that FileInfo was piped before' -Skip:$IsWindows {
            # On Linux a backslash is part of a file name, and PowerShell's -Path reads it as a separator.
            $folder = Join-Path $Folder 'backslash'
            $null = [System.IO.Directory]::CreateDirectory((Join-Path $folder 'x'))
            $separated = New-TestImage (Join-Path $folder 'x/y.png') png 270
            $named = "$folder/x\y.png"   # Join-Path and Get-Item would turn the backslash into a separator
            $bytes = [System.IO.File]::ReadAllBytes($separated.FullName); $bytes[-1] = $bytes[-1] -bxor 0xFF
            [System.IO.File]::WriteAllBytes($named, $bytes)
            $file = [System.IO.FileInfo]::new($named)
            $namedSha256 = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.IO.File]::ReadAllBytes($named))).ToLowerInvariant()
            $namedSha256 | Should -Not -Be (Get-Sha256 $separated.FullName)

            ($file | Send-ZApiImageStatus).Source | Should -Be $named
            (Send-ZApiImageStatus -Path $file.FullName).Source | Should -Be $separated.FullName
            (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be $namedSha256, (Get-Sha256 $separated.FullName)
        }
    }

    Context 'a CSV batch' {
        It 'binds Path and Caption by property name' {
            $plan = Join-Path $Folder 'plan.csv'
            @(
                [pscustomobject]@{ Path = (Join-Path $Images 'a-first.png'); Caption = 'Monday "launch" 🎉' }
                [pscustomobject]@{ Path = (Join-Path $Images 'c-third.gif'); Caption = "multi`nline" }
                [pscustomobject]@{ Path = (Join-Path $Images 'd-fourth.webp'); Caption = '' }
            ) | Export-Csv -Path $plan -NoTypeInformation -Encoding utf8

            $results = Import-Csv $plan | Send-ZApiImageStatus

            $results.Caption | Should -Be 'Monday "launch" 🎉', "multi`nline", $null
            $stored = Get-TestSandboxStatus $Sandbox
            $stored.caption | Should -Be 'Monday "launch" 🎉', "multi`nline", $null
        }
    }

    Context 'links and Base64' {
        It 'passes an http(s) link as is' {
            $result = Send-ZApiImageStatus -Uri 'https://example.org/banner.png' -Caption 'Sale'
            $result.Source | Should -Be 'https://example.org/banner.png'
            $result.MimeType | Should -BeNullOrEmpty
            (Get-TestSandboxStatus $Sandbox).link | Should -Be 'https://example.org/banner.png'
        }

        It 'posts a data URI and bare Base64 with the sniffed type' {
            $path = Join-Path $Images 'b-second.jpg'
            $base64 = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($path))
            $results = Send-ZApiImageStatus -Base64 "data:image/png;base64,$base64", $base64
            $results.MimeType | Should -Be 'image/jpeg', 'image/jpeg'
            (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $path), (Get-Sha256 $path)
        }
    }

    Context '-WhatIf and -Confirm' {
        It '-WhatIf validates every input, names file, type and size, and posts nothing' {
            $output = Invoke-ConnectedChild $Sandbox "Get-ChildItem '$Mixed' | Send-ZApiImageStatus -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue; 'errors=' + `$failed.Count"

            $output | Should -Contain "What if: Performing the operation `"Post image status`" on target `"$(Join-Path $Mixed '1.png') (image/png, 100 bytes)`"."
            $output | Should -Contain "What if: Performing the operation `"Post image status`" on target `"$(Join-Path $Mixed '3.png') (image/png, 200 bytes)`"."
            $output | Should -Contain 'errors=2'
            Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        }

        It '-Confirm asks before posting, so a host that cannot ask posts nothing' {
            $output = Invoke-ConnectedChild $Sandbox "try { Send-ZApiImageStatus '$(Join-Path $Images 'a-first.png')' -Confirm -ErrorAction Stop } catch { 'refused: ' + `$_.Exception.Message }"
            ($output -join "`n") | Should -Match 'refused: PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.'
            Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        }

        It 'has ConfirmImpact Medium, so a runbook with the default $ConfirmPreference is never prompted' {
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Send-ZApiImageStatus))
            $metadata.ConfirmImpact | Should -Be 'Medium'
            $metadata.SupportsShouldProcess | Should -BeTrue
        }
    }

    Context 'bad input: one error each, with the design''s id and the input as target; nothing posted' {
        It '<Name>' -TestCases @(
            @{ Name = 'missing file'; Id = 'ImageNotFound'; Category = 'ObjectNotFound'; Call = { Send-ZApiImageStatus -LiteralPath (Join-Path $Folder 'nope.png') }; Target = { Join-Path $Folder 'nope.png' } }
            @{ Name = 'wildcard matching nothing'; Id = 'ImageNotFound'; Category = 'ObjectNotFound'; Call = { Send-ZApiImageStatus -Path (Join-Path $Folder '*.nothing') }; Target = { Join-Path $Folder '*.nothing' } }
            @{ Name = 'directory'; Id = 'PathIsDirectory'; Category = 'InvalidArgument'; Call = { Send-ZApiImageStatus -Path $Images }; Target = { $Images } }
            @{ Name = 'empty file'; Id = 'ImageEmpty'; Category = 'InvalidData'; Call = { $p = Join-Path $Folder 'empty.png'; [System.IO.File]::WriteAllBytes($p, [byte[]]@()); Send-ZApiImageStatus -LiteralPath $p }; Target = { Join-Path $Folder 'empty.png' } }
            @{ Name = 'text renamed .jpg'; Id = 'UnsupportedImageType'; Category = 'InvalidData'; Call = { Send-ZApiImageStatus -LiteralPath (Join-Path $Mixed '2-notes.jpg') }; Target = { Join-Path $Mixed '2-notes.jpg' } }
            @{ Name = 'HEIC named in the message'; Id = 'UnsupportedImageType'; Category = 'InvalidData'; Message = 'HEIC'; Call = { $p = Join-Path $Folder 'iphone.jpg'; [System.IO.File]::WriteAllBytes($p, [byte[]](0, 0, 0, 0x18) + [System.Text.Encoding]::ASCII.GetBytes('ftypheic0000mif1')); Send-ZApiImageStatus -LiteralPath $p }; Target = { Join-Path $Folder 'iphone.jpg' } }
            @{ Name = 'truncated JPEG header'; Id = 'UnsupportedImageType'; Category = 'InvalidData'; Call = { $p = Join-Path $Folder 'cut.jpg'; [System.IO.File]::WriteAllBytes($p, [byte[]](0xFF, 0xD8)); Send-ZApiImageStatus -LiteralPath $p }; Target = { Join-Path $Folder 'cut.jpg' } }
            @{ Name = 'over -MaximumImageBytes'; Id = 'ImageTooLarge'; Category = 'LimitsExceeded'; Call = { Send-ZApiImageStatus -LiteralPath (Join-Path $Images 'b-second.jpg') -MaximumImageBytes 1000 }; Target = { Join-Path $Images 'b-second.jpg' } }
            @{ Name = 'non-FileSystem provider'; Id = 'UnsupportedProvider'; Category = 'InvalidArgument'; Call = { Send-ZApiImageStatus -Path 'Env:PATH' }; Target = { 'Env:PATH' } }
            @{ Name = 'ftp link'; Id = 'InvalidImageUri'; Category = 'InvalidArgument'; Call = { Send-ZApiImageStatus -Uri 'ftp://example.org/a.png' }; Target = { 'ftp://example.org/a.png' } }
            @{ Name = 'relative link'; Id = 'InvalidImageUri'; Category = 'InvalidArgument'; Call = { Send-ZApiImageStatus -Uri 'images/a.png' }; Target = { 'images/a.png' } }
            @{ Name = 'invalid Base64'; Id = 'InvalidBase64'; Category = 'InvalidArgument'; Call = { Send-ZApiImageStatus -Base64 'not*base64' }; Target = { 'not*base64' } }
            @{ Name = 'data URI with a non-image type'; Id = 'UnsupportedImageType'; Category = 'InvalidData'; Call = { Send-ZApiImageStatus -Base64 'data:text/plain;base64,aGVsbG8=' }; Target = { 'data:text/plain;base64,aGVsbG8=' } }
            @{ Name = 'empty string in the pipeline'; Id = 'ImageNotFound'; Category = 'ObjectNotFound'; Call = { '' | Send-ZApiImageStatus }; Target = { '' } }
            @{ Name = '$null in the pipeline'; Id = 'ImageNotFound'; Category = 'ObjectNotFound'; Call = { $null | Send-ZApiImageStatus }; Target = { $null } }
        ) {
            $ErrorActionPreference = 'Continue'
            $everything = @(& $Call 2>&1)
            $failures = @($everything | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $everything.Count | Should -Be $failures.Count -Because 'a bad input yields no result'

            $failures.Count | Should -Be 1
            Get-ErrorId $failures[0] | Should -Be $Id
            $failures[0].CategoryInfo.Category | Should -Be $Category
            $failures[0].TargetObject | Should -Be (& $Target)
            if ($Message) { $failures[0].Exception.Message | Should -Match $Message }
            Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        }

        It 'a bad input in the middle of a batch loses nothing before or after it' {
            $inputs = (Join-Path $Images 'a-first.png'), (Join-Path $Folder 'nope.png'), $null, (Join-Path $Images 'c-third.gif')
            $results = $inputs | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue
            $results.Source | Should -Be (Join-Path $Images 'a-first.png'), (Join-Path $Images 'c-third.gif')
            $failures.Count | Should -Be 2
            (Get-TestSandboxStatus $Sandbox).Count | Should -Be 2
        }
    }

    Context 'failures that stop the batch' {
        It 'a refused Client-Token stops at the first request, without the token in any message' {
            Connect-Sandbox -ClientToken 'wrong-CLIENT-secret'
            $caught = $null
            try { Get-ChildItem $Images -File | Send-ZApiImageStatus -Verbose 4>&1 | Out-String -OutVariable shown | Out-Null }
            catch { $caught = $_ }

            Get-ErrorId $caught | Should -Be 'ZApiAuthenticationFailed'
            $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $caught.TargetObject | Should -Be (Join-Path $Images 'a-first.png')
            (Get-TestSandboxRequest $Sandbox).Count | Should -Be 1
            $everything = ($caught | Out-String) + $caught.Exception.ToString() + ($shown -join "`n")
            $everything | Should -Not -Match 'wrong-CLIENT-secret'
            $everything | Should -Not -Match ([regex]::Escape($Sandbox.Token))
        }

        It 'a disconnected phone stops the batch with ZApiInstanceNotConnected' {
            Reset-TestSandbox $Sandbox @{ Disconnected = $true }
            { Get-ChildItem $Images -File | Send-ZApiImageStatus } | Should -Throw -ErrorId 'ZApiInstanceNotConnected*'
            (Get-TestSandboxRequest $Sandbox).method | Should -Be 'GET' -Because 'the phone check finds out before the first post'
        }

        It 'an unknown outcome is reported for that input and the batch goes on' {
            Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
            $results = Get-ChildItem $Images -File | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue
            $results.Count | Should -Be 3
            Get-ErrorId $failures[0] | Should -Be 'ZApiOutcomeUnknown'
            $failures[0].TargetObject | Should -Be (Join-Path $Images 'a-first.png')
            @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).Count | Should -Be 4
        }
    }
}

Describe 'the connection' {
    It 'Get-ZApiConnection shows the connection with both secrets masked' {
        Connect-Sandbox
        $connection = Get-ZApiConnection
        $connection.InstanceId | Should -Be $Sandbox.InstanceId
        $shown = ($connection | Out-String) + ($connection | Format-List * | Out-String) + $connection.ToString()
        $shown | Should -Not -Match ([regex]::Escape($Sandbox.Token))
        $shown | Should -Not -Match ([regex]::Escape($Sandbox.ClientToken))
        $connection.ToString() | Should -Match '/token/\*\*\*/'
    }

    It 'Set-ZApiConnection takes SecureString and -PassThru gives a connection for -Connection' {
        $connection = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token (ConvertTo-SecureString $Sandbox.Token -AsPlainText -Force) `
            -ClientToken (ConvertTo-SecureString $Sandbox.ClientToken -AsPlainText -Force) -BaseUri $Sandbox.BaseUri -PassThru
        Set-ZApiConnection -InstanceId other -Token x -ClientToken y -BaseUri 'http://127.0.0.1:9'
        Reset-TestSandbox $Sandbox
        (Send-ZApiImageStatus (Join-Path $Images 'a-first.png') -Connection $connection).MessageId | Should -Not -BeNullOrEmpty
    }

    It 'Set-ZApiConnection refuses a base URI that is not absolute http(s)' {
        { Set-ZApiConnection -InstanceId i -Token t -ClientToken c -BaseUri 'ftp://example.org' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'Set-ZApiConnection warns when http would carry the tokens off this machine' {
        Set-ZApiConnection -InstanceId i -Token t -ClientToken c -BaseUri 'http://example.org' -WarningVariable warned 3>$null
        $warned | Should -Match 'clear text'
    }

    It 'Test-ZApiConnection reports a connected instance' {
        Connect-Sandbox
        $status = Test-ZApiConnection
        $status.Connected | Should -BeTrue
        $status.SmartphoneConnected | Should -BeTrue
    }

    It 'a fresh runspace uses the environment variables, and says so when they are missing' {
        $runspace = [powershell]::Create()
        try {
            $null = $runspace.AddScript({
                    param($Module, $Image)
                    Import-Module $Module
                    try { Send-ZApiImageStatus $Image -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
                }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument((Join-Path $Images 'a-first.png'))
            ($runspace.Invoke() | Select-Object -First 1) | Should -BeLike 'ZApiNotConfigured,*'

            $env:ZAPI_INSTANCE_ID = $Sandbox.InstanceId; $env:ZAPI_TOKEN = $Sandbox.Token
            $env:ZAPI_CLIENT_TOKEN = $Sandbox.ClientToken; $env:ZAPI_BASE_URI = $Sandbox.BaseUri
            Reset-TestSandbox $Sandbox
            $result = $runspace.Invoke() | Select-Object -First 1
            $result.Source | Should -Be (Join-Path $Images 'a-first.png')
            (Get-TestSandboxStatus $Sandbox).Count | Should -Be 1
        }
        finally {
            foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
            $runspace.Dispose()
        }
    }
}
