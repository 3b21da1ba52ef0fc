# The media module takes file arguments as the Send commands do: a CSV row's LiteralPath is a literal path, a Path
# that names an existing file as written is that file, and a FIFO is refused at once.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:MediaManifest = if ($env:ZAPI_TEST_MEDIA_MODULE) { $env:ZAPI_TEST_MEDIA_MODULE }
        else { Join-Path (Split-Path (Split-Path $env:ZAPI_TEST_MODULE)) 'ZApi.Status.Media/ZApi.Status.Media.psd1' }
    Import-Module $MediaManifest -Force
    $script:Sandbox = Start-TestSandbox
    Connect-TestSandbox $Sandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-media-paths-" + [guid]::NewGuid().ToString('N'))
    $script:Cache = Join-Path $Folder 'cache'
    $null = New-Item -ItemType Directory $Folder

    # A 2×2 BMP of one colour, written by hand: converted, it becomes a JPEG whose bytes differ from every other colour's.
    function New-Photo([string] $Name, [byte[]] $Rgb) {
        $row = [byte[]]($Rgb[2], $Rgb[1], $Rgb[0], $Rgb[2], $Rgb[1], $Rgb[0], 0, 0)
        $bytes = [byte[]](0x42, 0x4D, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0) + [byte[]]::new(24) + $row + $row
        $path = Join-Path $Folder $Name
        [System.IO.File]::WriteAllBytes($path, $bytes)
        $path
    }

    # The SHA-256 of what ConvertTo-ZApiStatusImage makes of one file named literally: what the server must hold for it.
    function Get-ConvertedSha256([string] $LiteralPath) {
        Get-Sha256 (ConvertTo-ZApiStatusImage -LiteralPath $LiteralPath -Destination $Cache).FullName
    }

    # Runs a script in a child pwsh with the media module imported; a child still running after $TimeoutSec is killed
    # and reported, so a command that hangs fails the test instead of the suite.
    function Invoke-MediaChild([string] $Script, [int] $TimeoutSec = 60) {
        $child = Get-ChildPowerShell
        $start = New-ProcessStart $child[0] (@($child | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$MediaManifest'; $Script"))
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $output = $process.StandardOutput.ReadToEndAsync()
        $errors = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            $process.WaitForExit()
            return "hung for more than $TimeoutSec s"
        }
        $process.WaitForExit()
        @($output.Result -split '\r?\n' | Where-Object { $_ }) + @($errors.Result -split '\r?\n' | Where-Object { $_ })
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'Import-Csv | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus' {
    BeforeAll {
        $script:Bracketed = New-Photo 'photo [1].jpg' (200, 30, 30)
        $script:Plain = New-Photo 'photo 1.jpg' (30, 30, 200)
    }

    BeforeEach { Reset-TestSandbox $Sandbox }

    It 'a LiteralPath column binds literally: each row posts its own photo with its own caption' {
        $csv = Join-Path $Folder 'literal.csv'
        @([pscustomobject]@{ LiteralPath = $Bracketed; Caption = 'bracketed' }, [pscustomobject]@{ LiteralPath = $Plain; Caption = 'plain' }) | Export-Csv -LiteralPath $csv

        $results = Import-Csv -LiteralPath $csv | ConvertTo-ZApiStatusImage -Destination $Cache | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -BeNullOrEmpty
        @($results).Count | Should -Be 2
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.sha256 | Should -Be (Get-ConvertedSha256 $Bracketed), (Get-ConvertedSha256 $Plain)
        $stored.caption | Should -Be 'bracketed', 'plain'
    }

    It 'a Path column naming ''photo [1].jpg'' converts and posts that file, never ''photo 1.jpg''' {
        $csv = Join-Path $Folder 'path.csv'
        @([pscustomobject]@{ Path = $Bracketed; Caption = 'bracketed' }, [pscustomobject]@{ Path = $Plain; Caption = 'plain' }) | Export-Csv -LiteralPath $csv

        $converted = Import-Csv -LiteralPath $csv | ConvertTo-ZApiStatusImage -Destination $Cache
        $results = $converted | Send-ZApiImageStatus

        $converted.SourcePath | Should -Be $Bracketed, $Plain
        @($results).Count | Should -Be 2
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.sha256 | Should -Be (Get-ConvertedSha256 $Bracketed), (Get-ConvertedSha256 $Plain) -Because 'each caption goes with the bytes of its own row'
        $stored.caption | Should -Be 'bracketed', 'plain'
    }

    It 'a typed -Path still expands wildcards, and a bracket that matches nothing says to use -LiteralPath' {
        $matched = ConvertTo-ZApiStatusImage -Path (Join-Path $Folder 'photo ?1?.jpg') -Destination $Cache
        ConvertTo-ZApiStatusImage -Path (Join-Path $Folder 'missing [2].jpg') -Destination $Cache -ErrorVariable failures -ErrorAction SilentlyContinue

        $matched.SourcePath | Should -Be $Bracketed
        Get-ErrorId $failures[0] | Should -Be 'ImageNotFound'
        $failures[0].Exception.Message | Should -Match 'LiteralPath'
    }

    It 'a missing video is VideoNotFound and an empty one VideoEmpty, as for Send-ZApiVideoStatus' {
        $empty = Join-Path $Folder 'empty.mp4'
        $null = New-Item -ItemType File $empty
        $missing = Join-Path $Folder 'missing.mp4'

        $missing, $empty, '' | ConvertTo-ZApiStatusVideo -Destination $Cache -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | ForEach-Object { Get-ErrorId $_ } | Should -Be 'VideoNotFound', 'VideoEmpty', 'VideoNotFound'
        $failures.TargetObject | Should -Be $missing, $empty, ''
    }
}

Describe 'a FIFO given as a photo or a clip' {
    It '<Command> refuses a FIFO named <Name> at once with <Id>' -TestCases @(
        @{ Command = 'ConvertTo-ZApiStatusImage'; Name = 'pipe.jpg'; Id = 'ImageUnreadable' }
        @{ Command = 'ConvertTo-ZApiStatusVideo'; Name = 'pipe.mp4'; Id = 'VideoUnreadable' }
    ) {
        if ([System.IO.Path]::DirectorySeparatorChar -eq '\') { Set-ItResult -Skipped -Because 'FIFOs are a Unix file type'; return }
        if ($Command -like '*Video' -and -not (Get-Command ffmpeg -CommandType Application -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'ffmpeg is not installed (Debian: apt-get install ffmpeg); .ci/run installs it'; return
        }
        $fifo = Join-Path $Folder $Name
        & mkfifo $fifo
        $link = Join-Path $Folder "link-to-$Name"
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $fifo

        $shown = Invoke-MediaChild ("'$fifo', '$link' | $Command -Destination '$Cache' -ErrorVariable failures -ErrorAction SilentlyContinue; " +
            "`$failures | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] + ' ' + `$_.TargetObject + ' ' + (`$_.Exception.Message -match 'not a regular file') }")

        $shown | Should -Be "$Id $fifo True", "$Id $link True"
    }
}

Describe 'the default cache folder' {
    It 'is under the user''s own data folder even before that folder exists, never a shared temporary folder' {
        if ([System.IO.Path]::DirectorySeparatorChar -eq '\') { Set-ItResult -Skipped -Because 'XDG_DATA_HOME is where Linux and macOS keep user data'; return }
        $data = Join-Path $Folder 'fresh-home/.local/share'
        $photo = New-Photo 'default-cache.jpg' (30, 200, 30)

        $shown = Invoke-MediaChild "`$env:XDG_DATA_HOME = '$data'; (ConvertTo-ZApiStatusImage -LiteralPath '$photo').DirectoryName"

        $shown | Should -Be (Join-Path $data 'ZApi.Status.Media/Cache')
    }
}
