# Send-ZApiVideoStatus posts only MP4 and 3GP files whose top-level boxes make a playable file: an ftyp box, the
# moov index and the mdat data, each box within the file. ConvertTo-ZApiStatusVideo refuses or repairs the others.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    Connect-TestSandbox $Sandbox
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-video-layout-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $Folder

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
        $path = Join-Path $Folder $Name
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

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'Send-ZApiVideoStatus and the box structure of an MP4' {
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

        ConvertTo-ZApiStatusVideo -LiteralPath $Clips['no-index.mp4'] -Destination (Join-Path $Folder 'cache') -ErrorVariable failures -ErrorAction SilentlyContinue

        Get-ErrorId $failures[0] | Should -Be 'MediaUnreadable'
        $failures[0].Exception.Message | Should -Match 'starts like an MP4 video'
    }

    It 'New-TestVideo makes a video that is posted' {
        $video = New-TestVideo (Join-Path $Folder 'test-video.mp4') isom 20000

        $result = $video | Send-ZApiVideoStatus

        $result.ByteCount | Should -Be 20000
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $video.FullName)
    }
}
