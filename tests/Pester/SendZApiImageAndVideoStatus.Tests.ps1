# Send-ZApiImageStatus and Send-ZApiVideoStatus against the sandbox: folders, paths, CSV batches, links and Base64,
# -WhatIf and -Confirm, bad input, failures that stop a batch, and the box structure an MP4 needs to be posted.
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

        It 'resolves -Path text the same way whether or not that FileInfo was piped before' -Skip:([System.IO.Path]::DirectorySeparatorChar -eq '\') {
            # On Linux a backslash is part of a file name, and PowerShell's -Path reads it as a separator.
            $folder = Join-Path $Folder 'backslash'
            $null = [System.IO.Directory]::CreateDirectory((Join-Path $folder 'x'))
            $separated = New-TestImage (Join-Path $folder 'x/y.png') png 270
            $named = "$folder/x\y.png"   # Join-Path and Get-Item would turn the backslash into a separator
            $bytes = [System.IO.File]::ReadAllBytes($separated.FullName); $bytes[-1] = $bytes[-1] -bxor 0xFF
            [System.IO.File]::WriteAllBytes($named, $bytes)
            $file = [System.IO.FileInfo]::new($named)
            $namedSha256 = [System.BitConverter]::ToString([System.Security.Cryptography.SHA256]::Create().ComputeHash([System.IO.File]::ReadAllBytes($named))).Replace('-', '').ToLowerInvariant()
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

Describe 'Send-ZApiVideoStatus' {
    BeforeAll {
        $script:Videos = Join-Path $Folder 'videos'
        New-Item -ItemType Directory -Path $Videos | Out-Null
        New-TestVideo (Join-Path $Videos 'a-clip.mp4') isom 300000 | Out-Null
        New-TestVideo (Join-Path $Videos 'b-phone.3gp') 3gp4 5000 | Out-Null
        New-TestImage (Join-Path $Videos 'c-still.mp4') png 500 | Out-Null
        New-TestVideo (Join-Path $Videos 'd-apple.mp4') 'qt  ' 800 | Out-Null
        New-Item -ItemType File -Path (Join-Path $Videos 'e-empty.mp4') | Out-Null
    }

    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'posts MP4 and 3GP files with their sniffed type, and the server receives exactly their bytes' {
        $files = Get-ChildItem $Videos | Where-Object Name -Match '^[ab]-'
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
        [pscustomobject]@{ Path = (Join-Path $Videos 'b-phone.3gp'); Caption = 'from csv' } | Send-ZApiVideoStatus | Out-Null
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
        $path = Join-Path $Videos $File
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
        $big = New-TestVideo (Join-Path $Videos 'big.mp4') isom (10MB + 1)
        { Send-ZApiVideoStatus -LiteralPath $big.FullName -ErrorAction Stop } | Should -Throw -ErrorId 'VideoTooLarge*'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'an unknown outcome is reported and not retried' {
        Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
        $results = Get-ChildItem $Videos | Where-Object Name -Match '^[ab]-' | Send-ZApiVideoStatus -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.Count | Should -Be 1
        Get-ErrorId $failures[0] | Should -Be 'ZApiOutcomeUnknown'
        @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).Count | Should -Be 2
    }
}

Describe 'Send-ZApiVideoStatus and the box structure of an MP4' {
    # An MP4 is posted only when its top-level boxes make a playable file: an ftyp box, the moov index and the mdat
    # data, each box within the file. ConvertTo-ZApiStatusVideo refuses or repairs the others.
    BeforeAll {
        Connect-TestSandbox $Sandbox
        $script:Layouts = Join-Path $Folder 'video-layout'
        $null = New-Item -ItemType Directory $Layouts

        # One ISO media box: a 32-bit size (or 1 and a 64-bit size after the type, or 0: to the end of the file), its type, its body.
        function New-Box([string] $Type, [byte[]] $Body = @(), [switch] $LargeSize, [switch] $ToEnd, [long] $ClaimedSize = 0) {
            $typeBytes = [System.Text.Encoding]::ASCII.GetBytes($Type)
            if ($LargeSize) {
                $size = if ($ClaimedSize) { $ClaimedSize } else { 16 + $Body.Length }
                $large = [BitConverter]::GetBytes([long]$size); [Array]::Reverse($large)
                return [byte[]](0, 0, 0, 1) + $typeBytes + $large + $Body
            }
            $size = if ($ToEnd) { 0 } elseif ($ClaimedSize) { $ClaimedSize } else { 8 + $Body.Length }
            $sizeBytes = [BitConverter]::GetBytes([int]$size); [Array]::Reverse($sizeBytes)
            [byte[]]$sizeBytes + $typeBytes + $Body
        }

        function New-Clip([string] $Name, [byte[][]] $Boxes) {
            $path = Join-Path $Layouts $Name
            $stream = [System.IO.File]::Create($path)
            try { foreach ($box in $Boxes) { $stream.Write($box, 0, $box.Length) } } finally { $stream.Dispose() }
            $path
        }

        $ftyp = New-Box 'ftyp' ([System.Text.Encoding]::ASCII.GetBytes('isom') + [byte[]](0, 0, 2, 0) + [System.Text.Encoding]::ASCII.GetBytes('isomiso2mp41'))
        $moov = New-Box 'moov' (New-Box 'mvhd' ([byte[]]::new(100)))
        $data = [byte[]]::new(5000); [System.Random]::new(7).NextBytes($data)
        $script:Clips = [ordered]@{
            'playable.mp4'     = New-Clip 'playable.mp4' @($ftyp, $moov, (New-Box 'mdat' $data))
            'index-last.mp4'   = New-Clip 'index-last.mp4' @($ftyp, (New-Box 'free'), (New-Box 'mdat' $data -LargeSize), $moov)
            'data-to-end.mp4'  = New-Clip 'data-to-end.mp4' @($ftyp, $moov, (New-Box 'mdat' $data -ToEnd))
            'ftyp-only.mp4'    = New-Clip 'ftyp-only.mp4' @($ftyp + $data)
            'no-index.mp4'     = New-Clip 'no-index.mp4' @($ftyp, (New-Box 'mdat' $data))
            'cut-short.mp4'    = New-Clip 'cut-short.mp4' @($ftyp, $moov, (New-Box 'mdat' $data -ClaimedSize 9000))
            'cut-short-64.mp4' = New-Clip 'cut-short-64.mp4' @($ftyp, $moov, (New-Box 'mdat' $data -LargeSize -ClaimedSize 5GB))
        }
    }

    BeforeEach { Reset-TestSandbox $Sandbox }

    It 'posts <Name>, byte for byte' -TestCases @(
        @{ Name = 'playable.mp4' }, @{ Name = 'index-last.mp4' }, @{ Name = 'data-to-end.mp4' }
    ) {
        $result = Send-ZApiVideoStatus -LiteralPath $Clips[$Name]

        $result.MimeType | Should -Be 'video/mp4'
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Clips[$Name])
    }

    It 'refuses <Name> (<Why>) with UnsupportedVideoType pointing to ConvertTo-ZApiStatusVideo, and sends nothing' -TestCases @(
        @{ Name = 'ftyp-only.mp4'; Why = 'an ftyp box and nothing playable'; Message = 'no valid box|damaged' }
        @{ Name = 'no-index.mp4'; Why = 'no moov box'; Message = 'moov' }
        @{ Name = 'cut-short.mp4'; Why = 'its mdat box claims more than the file holds'; Message = 'cut short' }
        @{ Name = 'cut-short-64.mp4'; Why = 'a 64-bit mdat size past the end'; Message = 'cut short' }
    ) {
        Send-ZApiVideoStatus -LiteralPath $Clips[$Name] -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        Get-ErrorId $failures[0] | Should -Be 'UnsupportedVideoType'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -Be $Clips[$Name]
        $failures[0].Exception.Message | Should -Match $Message
        $failures[0].Exception.Message | Should -Match 'ConvertTo-ZApiStatusVideo'
        $failures[0].Exception.Message | Should -Not -Match '\ba MP4'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'refuses the same content as Base64' {
        $text = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($Clips['ftyp-only.mp4']))

        Send-ZApiVideoStatus -Base64 $text -ErrorVariable failures -ErrorAction SilentlyContinue

        Get-ErrorId $failures[0] | Should -Be 'UnsupportedVideoType'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'ConvertTo-ZApiStatusVideo refuses the file without an index too, so neither module takes it' {
        if (-not (Get-Command ffmpeg -CommandType Application -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'ffmpeg is not installed (Debian: apt-get install ffmpeg); .ci/run installs it'; return
        }
        $media = if ($env:ZAPI_TEST_MEDIA_MODULE) { $env:ZAPI_TEST_MEDIA_MODULE }
            else { Join-Path (Split-Path (Split-Path $env:ZAPI_TEST_MODULE)) 'ZApi.Status.Media/ZApi.Status.Media.psd1' }
        Import-Module $media -Force

        ConvertTo-ZApiStatusVideo -LiteralPath $Clips['no-index.mp4'] -Destination (Join-Path $Layouts 'cache') -ErrorVariable failures -ErrorAction SilentlyContinue

        Get-ErrorId $failures[0] | Should -Be 'MediaUnreadable'
        $failures[0].Exception.Message | Should -Match 'starts like an MP4 video'
    }

    It 'New-TestVideo makes a video that is posted' {
        $video = New-TestVideo (Join-Path $Layouts 'test-video.mp4') isom 20000

        $result = $video | Send-ZApiVideoStatus

        $result.ByteCount | Should -Be 20000
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $video.FullName)
    }
}
