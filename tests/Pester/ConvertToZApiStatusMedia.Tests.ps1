# ZApi.Status.Media end to end: the converters in real PowerShell, piped into the Send commands against the sandbox.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    # The media module is laid out beside the core one (out/ZApi.Status.Media), unless a test run names another.
    $script:MediaManifest = if ($env:ZAPI_TEST_MEDIA_MODULE) { $env:ZAPI_TEST_MEDIA_MODULE }
        else { Join-Path (Split-Path (Split-Path $env:ZAPI_TEST_MODULE)) 'ZApi.Status.Media/ZApi.Status.Media.psd1' }
    Import-Module $MediaManifest -Force
    $script:Sandbox = Start-TestSandbox
    Connect-TestSandbox $Sandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-media-" + [guid]::NewGuid().ToString('N'))
    $script:Cache = Join-Path $Folder 'cache'
    $null = New-Item -ItemType Directory $Folder

    # A 2×2 BMP written by hand: its conversion loads Magick.NET (with the module's policy and limits) into this
    # process, after which the fixtures below are drawn with Magick.NET itself.
    $bmp = [byte[]](0x42, 0x4D, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0) + [byte[]]::new(24) + [byte[]](255) * 16
    [System.IO.File]::WriteAllBytes((Join-Path $Folder 'tiny.bmp'), $bmp)
    $null = ConvertTo-ZApiStatusImage -LiteralPath (Join-Path $Folder 'tiny.bmp') -Destination $Cache

    # A landscape whose quadrants are red, green, blue, yellow: any turn or mirror shows.
    function New-Quadrants([int] $Width = 96, [int] $Height = 64) {
        $pixels = [byte[]]::new($Width * $Height * 3)
        $colours = @((255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0))
        for ($y = 0; $y -lt $Height; $y++) {
            for ($x = 0; $x -lt $Width; $x++) {
                $c = $colours[[int]($y -ge $Height / 2) * 2 + [int]($x -ge $Width / 2)]
                $i = ($y * $Width + $x) * 3
                $pixels[$i] = $c[0]; $pixels[$i + 1] = $c[1]; $pixels[$i + 2] = $c[2]
            }
        }
        $image = [ImageMagick.MagickImage]::new()
        $image.ReadPixels($pixels, [ImageMagick.PixelReadSettings]::new($Width, $Height, [ImageMagick.StorageType]::Char, [ImageMagick.PixelMapping]::RGB))
        $image
    }

    # A phone photo lying on its side (EXIF orientation 6: stored turned left) with the GPS position of a home.
    function New-SidewaysPhoto([string] $Path) {
        $image = New-Quadrants
        $image.Rotate(270)
        $exif = [ImageMagick.ExifProfile]::new()
        $exif.SetValue([ImageMagick.ExifTag]::Orientation, [uint16]6)
        $exif.SetValue([ImageMagick.ExifTag]::GPSLatitudeRef, 'N')
        $exif.SetValue([ImageMagick.ExifTag]::GPSLatitude, [ImageMagick.Rational[]]@([ImageMagick.Rational]::new(48, 1), [ImageMagick.Rational]::new(51, 1), [ImageMagick.Rational]::new(24, 1)))
        $image.SetProfile($exif)
        $image.Orientation = [ImageMagick.Orientation]::RightTop
        $image.Write($Path, [ImageMagick.MagickFormat]::Jpeg)
        $image.Dispose()
        Get-Item -LiteralPath $Path
    }

    function Get-QuadrantColours([string] $Path) {
        $image = [ImageMagick.MagickImage]::new($Path)
        $pixels = $image.GetPixels()
        $w = $image.Width; $h = $image.Height
        foreach ($point in @(($w / 4), ($h / 4)), @((3 * $w / 4), ($h / 4)), @(($w / 4), (3 * $h / 4)), @((3 * $w / 4), (3 * $h / 4))) {
            $c = $pixels.GetPixel([int]$point[0], [int]$point[1]).ToColor()
            '{0},{1},{2}' -f ([math]::Round($c.R / 255)), ([math]::Round($c.G / 255)), ([math]::Round($c.B / 255))
        }
        $image.Dispose()
    }

    # A PNG of a few hundred bytes whose header claims 200000 × 200000 pixels.
    function New-DecompressionBomb([string] $Path) {
        $image = New-Quadrants 16 16
        $image.Settings.SetDefine([ImageMagick.MagickFormat]::Png, 'color-type', '2')
        $bytes = $image.ToByteArray([ImageMagick.MagickFormat]::Png)
        $image.Dispose()
        $size = [byte[]](0x00, 0x03, 0x0D, 0x40)  # 200000, big-endian
        [Array]::Copy($size, 0, $bytes, 16, 4)
        [Array]::Copy($size, 0, $bytes, 20, 4)
        # The IHDR chunk's CRC-32 (type and data, bytes 12 to 28), in [long] so that no step turns negative.
        [long] $crc = 4294967295
        foreach ($b in $bytes[12..28]) {
            $crc = $crc -bxor $b
            for ($bit = 0; $bit -lt 8; $bit++) { $crc = if ($crc -band 1) { ($crc -shr 1) -bxor [long]3988292384 } else { $crc -shr 1 } }
        }
        $crc = $crc -bxor [long]4294967295
        [Array]::Copy([byte[]](($crc -shr 24), (($crc -shr 16) -band 255), (($crc -shr 8) -band 255), ($crc -band 255)), 0, $bytes, 29, 4)
        [System.IO.File]::WriteAllBytes($Path, $bytes)
        Get-Item -LiteralPath $Path
    }

    function Test-Tool([string] $Name, [string] $Package) {
        if (Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue) { return $true }
        Set-ItResult -Skipped -Because "$Name is not installed (Debian: apt-get install $Package); .ci/run installs it"
        $false
    }

    function Get-Streams([string] $Path) { @(& ffprobe -v error -show_entries stream=codec_name -of csv=p=0 $Path) }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'ConvertTo-ZApiStatusImage | Send-ZApiImageStatus' {
    BeforeEach { Reset-TestSandbox $Sandbox }

    It 'posts a sideways photo upright and without its GPS position, and the server stores exactly the converted bytes' {
        $photo = New-SidewaysPhoto (Join-Path $Folder 'IMG_0001.jpg')
        (Get-QuadrantColours $photo.FullName) | Should -Not -Be '1,0,0', '0,1,0', '0,0,1', '1,1,0' -Because 'the stored pixels lie on their side'

        $converted = $photo | ConvertTo-ZApiStatusImage -Destination $Cache
        $result = $converted | Send-ZApiImageStatus -Caption 'upright'

        $converted | Should -BeOfType ([System.IO.FileInfo])
        $converted.SourcePath | Should -Be $photo.FullName
        $converted.Conversion | Should -Be 'Converted'
        $converted.DirectoryName | Should -Be (Get-Item $Cache).FullName
        Get-QuadrantColours $converted.FullName | Should -Be '1,0,0', '0,1,0', '0,0,1', '1,1,0'
        $image = [ImageMagick.MagickImage]::new($converted.FullName)
        $image.GetExifProfile() | Should -BeNullOrEmpty
        ($image.Width, $image.Height) | Should -Be 96, 64
        $image.Dispose()

        $result.Source | Should -Be $photo.FullName -Because 'the result names the photo its owner knows'
        $result.PostedPath | Should -Be $converted.FullName -Because 'the bytes posted are the converted ones'
        $result.MimeType | Should -Be 'image/jpeg'
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.Count | Should -Be 1
        $stored[0].sha256 | Should -Be (Get-Sha256 $converted.FullName)
        $stored[0].caption | Should -Be 'upright'
    }

    It 'a second run is a cache hit: the same file, not decoded again, and the server receives the same bytes' {
        $photo = New-SidewaysPhoto (Join-Path $Folder 'IMG_0002.jpg')
        $first = $photo | ConvertTo-ZApiStatusImage -Destination $Cache
        $written = $first.LastWriteTimeUtc

        $again = $photo | ConvertTo-ZApiStatusImage -Destination $Cache
        $again | Send-ZApiImageStatus | Out-Null

        $again.Conversion | Should -Be 'Cached'
        $again.FullName | Should -Be $first.FullName
        (Get-Item $again.FullName).LastWriteTimeUtc | Should -Be $written
        (Get-TestSandboxStatus $Sandbox)[0].sha256 | Should -Be (Get-Sha256 $first.FullName)
    }

    It 'Import-Csv | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus binds the Path column and posts each photo with its caption' {
        $a = New-SidewaysPhoto (Join-Path $Folder 'csv a.jpg')
        $b = New-SidewaysPhoto (Join-Path $Folder 'csv [b].jpg')
        $csv = Join-Path $Folder 'plan.csv'
        @([pscustomobject]@{ Path = $a.FullName; Caption = 'one' }, [pscustomobject]@{ Path = ($b.FullName -replace '\[', '`[' -replace '\]', '`]'); Caption = 'two' }) | Export-Csv -LiteralPath $csv

        $results = Import-Csv -LiteralPath $csv | ConvertTo-ZApiStatusImage -Destination $Cache | Send-ZApiImageStatus

        $results.Count | Should -Be 2
        $results.Caption | Should -Be 'one', 'two' -Because 'the caption column follows its photo through the conversion'
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.mimeType | Should -Be 'image/jpeg', 'image/jpeg'
        $stored.caption | Should -Be 'one', 'two'
        $stored[0].sha256 | Should -Be (Get-Sha256 $results[0].PostedPath)
        $results.Source | Should -Be $a.FullName, $b.FullName
    }

    It 'a small upright JPEG without metadata is passed on unchanged' {
        $image = New-Quadrants
        $path = Join-Path $Folder 'ready.jpg'
        $image.Write($path, [ImageMagick.MagickFormat]::Jpeg); $image.Dispose()

        $output = Get-Item $path | ConvertTo-ZApiStatusImage -Destination $Cache

        $output.FullName | Should -Be $path
        $output.Conversion | Should -Be 'Unchanged'
        $output.PSPath | Should -Not -BeNullOrEmpty
    }

    It 'an iPhone HEIC becomes a JPEG that Send-ZApiImageStatus posts' {
        if (-not (Test-Tool heif-enc libheif-examples)) { return }
        $image = New-Quadrants 640 480
        $image.Settings.SetDefine([ImageMagick.MagickFormat]::Png, 'color-type', '2')
        $image.Write((Join-Path $Folder 'heic-source.png'), [ImageMagick.MagickFormat]::Png); $image.Dispose()
        $heic = Join-Path $Folder 'IMG_0003.HEIC'
        & heif-enc -q 60 -o $heic (Join-Path $Folder 'heic-source.png') | Out-Null

        $result = Get-Item $heic | ConvertTo-ZApiStatusImage -Destination $Cache | Send-ZApiImageStatus

        $result.MimeType | Should -Be 'image/jpeg'
        $result.Source | Should -Be $heic
        (Get-TestSandboxStatus $Sandbox)[0].sha256 | Should -Be (Get-Sha256 $result.PostedPath)
        Get-QuadrantColours $result.PostedPath | Should -Be '1,0,0', '0,1,0', '0,0,1', '1,1,0'
    }

    It 'every input gives one file or one error: a text file renamed .heic, a truncated JPEG, a bomb, a directory, a missing file' {
        $good = New-SidewaysPhoto (Join-Path $Folder 'good.jpg')
        $text = Join-Path $Folder 'holiday.heic'; Set-Content -LiteralPath $text -Value 'not a photo'
        $whole = (New-Quadrants 800 600); $whole.Write((Join-Path $Folder 'whole.jpg'), [ImageMagick.MagickFormat]::Jpeg); $whole.Dispose()
        $bytes = [System.IO.File]::ReadAllBytes((Join-Path $Folder 'whole.jpg'))
        $truncated = Join-Path $Folder 'truncated.jpg'; [System.IO.File]::WriteAllBytes($truncated, $bytes[0..($bytes.Length / 2)])
        $bomb = (New-DecompressionBomb (Join-Path $Folder 'bomb.png')).FullName
        $directory = Join-Path $Folder 'a-folder'; $null = New-Item -ItemType Directory $directory
        $missing = Join-Path $Folder 'missing.jpg'
        $inputs = $text, $good.FullName, $truncated, $bomb, $directory, $missing

        $outputs = $inputs | ConvertTo-ZApiStatusImage -Destination $Cache -ErrorVariable failures -ErrorAction SilentlyContinue

        @($outputs).Count + $failures.Count | Should -Be $inputs.Count
        $outputs.SourcePath | Should -Be $good.FullName
        $expected = [ordered]@{ $text = 'UnsupportedMediaType'; $truncated = 'MediaUnreadable'; $bomb = 'MediaTooLarge'; $directory = 'PathIsDirectory'; $missing = 'ImageNotFound' }
        $failures.TargetObject | Should -Be @($expected.Keys)
        $failures | ForEach-Object { Get-ErrorId $_ } | Should -Be @($expected.Values)
        $failures[0].Exception.Message | Should -Match 'text'
        $failures[2].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failures[2].Exception.Message | Should -Match 'decompression bomb'
    }
}

Describe 'ConvertTo-ZApiStatusVideo | Send-ZApiVideoStatus' {
    BeforeEach { Reset-TestSandbox $Sandbox }

    It 'a 30 MB clip without sound comes out under 10 MB with H.264, AAC and a silent track, and is posted' {
        if (-not (Test-Tool ffmpeg ffmpeg)) { return }
        $clip = Join-Path $Folder 'phone clip.mp4'
        & ffmpeg -v error -y -f lavfi -i 'testsrc2=size=960x540:rate=30' -vf 'noise=alls=30:allf=t' -t 10 -c:v mpeg4 -b:v 24M -maxrate 24M -bufsize 24M -an $clip
        (Get-Item $clip).Length | Should -BeGreaterThan 28MB
        Get-Streams $clip | Should -Be 'mpeg4'

        $converted = Get-Item $clip | ConvertTo-ZApiStatusVideo -Destination $Cache
        $result = $converted | Send-ZApiVideoStatus -Caption 'clip'

        $converted.Length | Should -BeLessThan 10MB
        $converted.Conversion | Should -Be 'Converted'
        Get-Streams $converted.FullName | Should -Be 'h264', 'aac'
        $result.MimeType | Should -Be 'video/mp4'
        $stored = Get-TestSandboxStatus $Sandbox
        $stored[0].kind | Should -Be 'video'
        $stored[0].sha256 | Should -Be (Get-Sha256 $converted.FullName)
    }

    It 'without ffmpeg on PATH, stops with FfmpegNotFound that says how to install it' {
        $clip = Join-Path $Folder 'no-ffmpeg.mp4'
        [System.IO.File]::WriteAllBytes($clip, [byte[]](0, 0, 0, 0x18) + [System.Text.Encoding]::ASCII.GetBytes('ftypisom') + [byte[]]::new(64))
        $child = Get-ChildPowerShell
        $shown = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command (
            "`$env:PATH = ''; Import-Module '$MediaManifest'; " +
            "try { ConvertTo-ZApiStatusVideo -LiteralPath '$clip' -Destination '$Cache'; 'no error' } " +
            "catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category.ToString(); `$_.TargetObject; `$_.Exception.Message }")

        $shown[0] | Should -BeLike 'FfmpegNotFound,*'
        $shown[1] | Should -Be 'NotInstalled'
        $shown[2] | Should -Be $clip
        $shown[3] | Should -Match 'apt-get install ffmpeg'
    }
}

Describe 'the media module' {
    It 'Import-Module ZApi.Status loads no Magick.NET, nor does importing ZApi.Status.Media before a conversion; a fresh process converts' {
        $photo = New-SidewaysPhoto (Join-Path $Folder 'fresh.jpg')
        $child = Get-ChildPowerShell
        $fresh = Join-Path $Folder 'fresh-cache'
        $shown = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command (
            "function Count-Magick { @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'Magick*' }).Count }; " +
            "Import-Module '$env:ZAPI_TEST_MODULE'; Count-Magick; Import-Module '$MediaManifest'; Count-Magick; " +
            "(ConvertTo-ZApiStatusImage -LiteralPath '$($photo.FullName)' -Destination '$fresh').Conversion.ToString(); Count-Magick")

        $shown | Should -Be '0', '0', 'Converted', '2'
    }

    It 'has complete help for both commands, generated from its sources' {
        foreach ($name in 'ConvertTo-ZApiStatusImage', 'ConvertTo-ZApiStatusVideo') {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -Match "^\s*$name"
            @($help.examples.example).Count | Should -BeGreaterOrEqual 3
            $command = Get-Command $name
            foreach ($parameter in $command.Parameters.Keys | Where-Object { [System.Management.Automation.Cmdlet]::CommonParameters -notcontains $_ }) {
                ($help.parameters.parameter | Where-Object name -EQ $parameter).description.Text | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
            }
        }

        $fresh = Join-Path $Folder 'help.xml'
        $child = Get-ChildPowerShell
        & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../../src/ZApi.Status.Media/Help/New-MediaModuleHelp.ps1') `
            -ModulePath (Split-Path $MediaManifest) -OutFile $fresh
        $LASTEXITCODE | Should -Be 0
        (Get-FileHash $fresh).Hash | Should -Be (Get-FileHash (Join-Path (Split-Path $MediaManifest) 'en-US/ZApi.Status.Media.dll-Help.xml')).Hash -Because 'the shipped MAML is what the sources generate (else run ./build.ps1 -Task Help)'
    }

    It 'about_ZApi.Status.Media documents every error id' {
        $about = Get-Help about_ZApi.Status.Media | Out-String
        foreach ($heading in 'PHOTOS', 'VIDEOS', 'THE CACHE', 'SECURITY AND LIMITS', 'ERROR IDS', 'PLATFORMS') { $about | Should -Match $heading }
        foreach ($id in [enum]::GetNames([ZApi.Status.MediaModule.MediaErrorId])) { $about | Should -Match "\b$id\b" -Because "$id must be documented" }
    }

    It 'is packaged with only the win-x64 and linux-x64 native runtimes, and installs and imports by name' -Skip:(-not $env:ZAPI_TEST_PACKAGE) {
        $manifest = Import-PowerShellDataFile $MediaManifest
        $nupkg = Get-ChildItem $env:ZAPI_TEST_PACKAGE -Filter "ZApi.Status.Media.$($manifest.ModuleVersion).nupkg"
        $nupkg | Should -Not -BeNullOrEmpty
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }
        $entries | Should -Contain 'ZApi.Status.Media.psd1'
        $entries | Should -Contain 'Magick.NET-Q8-AnyCPU.dll'
        $entries | Should -Contain 'en-US/about_ZApi.Status.Media.help.txt'
        @($entries -like 'runtimes/*' | ForEach-Object { $_.Split('/')[1] } | Sort-Object -Unique) | Should -Be 'linux-x64', 'win-x64'

        $modules = Join-Path $Folder 'installed'
        $repository = 'ZApiMediaTest-' + [guid]::NewGuid().ToString('N')
        $null = New-Item -ItemType Directory $modules
        Register-PSResourceRepository -Name $repository -Uri $env:ZAPI_TEST_PACKAGE -Trusted
        try {
            Save-PSResource -Name ZApi.Status.Media -Repository $repository -Path $modules -TrustRepository -IncludeXml
            $child = Get-ChildPowerShell
            $separator = [System.IO.Path]::PathSeparator
            $imported = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command `
                "`$env:PSModulePath = '$modules$separator' + `$env:PSModulePath; Import-Module ZApi.Status.Media; (Get-Module ZApi.Status.Media).ModuleBase; (Get-Command -Module ZApi.Status.Media).Count"
            $imported[0] | Should -BeLike "$modules*"
            [int]$imported[1] | Should -Be 2
        }
        finally { Unregister-PSResourceRepository -Name $repository }
    }
}
