# Invoke-ZApiDemo as build.ps1 -Task Demo runs it: without a console it ends by itself; -KeepRunning waits for Enter.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    $script:SandboxModule = (Resolve-Path (Join-Path $PSScriptRoot '../../src/ZApi.Sandbox/ZApi.Sandbox.psm1')).ProviderPath
    $script:Samples = Join-Path (Split-Path $SandboxModule) 'Samples'

    # What build.ps1 -Task Demo runs once the build is done, in a child PowerShell whose input is redirected (as in CI)
    # and that is not told CI=true, so the redirected input alone must make it finish.
    function Start-Demo([string] $DataRoot, [switch] $KeepRunning) {
        $child = Get-ChildPowerShell
        $command = "`$env:CI = `$null; Import-Module '$SandboxModule'; " +
            "Invoke-ZApiDemo -SandboxPath '$env:ZAPI_TEST_SANDBOX' -ModulePath '$env:ZAPI_TEST_MODULE' -DataRoot '$DataRoot' -KeepRunning:`$$KeepRunning"
        $start = New-ProcessStart $child[0] (@($child | Select-Object -Skip 1) + @('-NoProfile', '-Command', $command))
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        [System.Diagnostics.Process]::Start($start)
    }

    # The lines the demo prints up to (and including) the first that matches; bounded, so a hang fails instead of waiting forever.
    function Read-DemoOutput([System.Diagnostics.Process] $Process, [string] $Until, [int] $TimeoutSec = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while ([DateTime]::UtcNow -lt $deadline) {
            $read = $Process.StandardOutput.ReadLineAsync()
            if (-not $read.Wait([int]($deadline - [DateTime]::UtcNow).TotalMilliseconds) -or $null -eq $read.Result) { return }
            $read.Result
            if ($Until -and $read.Result -match $Until) { return }
        }
    }

    function Stop-Demo([System.Diagnostics.Process] $Process) {
        if (-not $Process.WaitForExit(60000)) { $Process.Kill(); throw 'The demo did not end within 60 s.' }
        $Process.ExitCode
    }

    function Get-DemoGallery([string[]] $Output) {
        $dataPath = $Output | ForEach-Object { if ($_ -match '^Data:\s+(.+?) \(') { $Matches[1] } } | Select-Object -First 1
        $uri = $Output | ForEach-Object { if ($_ -match '^Gallery: (http://\S+?)/?$') { $Matches[1] } } | Select-Object -First 1
        $index = Join-Path $dataPath 'statuses.jsonl'
        [pscustomobject]@{
            Uri      = $uri
            DataPath = $dataPath
            Statuses = @(Get-Content -LiteralPath $index -Encoding utf8 | Where-Object { $_ } | ConvertFrom-Json)
        }
    }

    function Test-Answers([string] $Uri) {
        try { $null = Invoke-WebRequest -Uri $Uri -TimeoutSec 10 -UseBasicParsing; $true } catch { $false }
    }

    $script:SampleHashes = Get-ChildItem $Samples -Filter *.png | Sort-Object Name | ForEach-Object { Get-Sha256 $_.FullName }
}

Describe 'build.ps1 -Task Demo' {
    It 'ends by itself without a console, says the gallery stops with it, and leaves the samples in a new gallery of its own' {
        $demo = Start-Demo -DataRoot (Join-Path $TestDrive 'demo')
        $demo.StandardInput.Close()
        $output = @(Read-DemoOutput $demo)
        Stop-Demo $demo | Should -Be 0

        $output | Should -Contain 'No interactive console (CI or redirected input): the sandbox stops now, and the gallery URL above with it.'
        $output[-1] | Should -Be 'Sandbox stopped.'
        $gallery = Get-DemoGallery $output
        $gallery.DataPath | Should -BeLike (Join-Path $TestDrive 'demo/*')
        Test-Answers "$($gallery.Uri)/" | Should -BeFalse
        @($gallery.Statuses | Sort-Object receivedAt | ForEach-Object sha256) | Should -Be $SampleHashes
        @($gallery.Statuses | Sort-Object receivedAt | ForEach-Object caption) |
            Should -BeExactly 'Good morning ☀️', 'Weekend by the sea 🌊', 'Trail run, 12 km', "Good night ✨`nSee you tomorrow"
        $script:FirstGallery = $gallery
    }

    It '-KeepRunning keeps the gallery answering until Enter, and a second demo starts from an empty gallery' {
        $demo = Start-Demo -DataRoot (Join-Path $TestDrive 'demo') -KeepRunning
        try {
            $output = @(Read-DemoOutput $demo -Until '^Press Enter')
            $output[-1] | Should -Be 'Press Enter here to stop the sandbox.'
            $gallery = Get-DemoGallery $output
            $page = Invoke-WebRequest -Uri "$($gallery.Uri)/" -TimeoutSec 10 -UseBasicParsing
            ([regex]::Matches($page.Content, '<article class="status"')).Count | Should -Be 4

            $demo.StandardInput.WriteLine()
            $output += @(Read-DemoOutput $demo)
            Stop-Demo $demo | Should -Be 0
        }
        finally {
            if (-not $demo.HasExited) { $demo.Kill() }
        }
        $output[-1] | Should -Be 'Sandbox stopped.'
        Test-Answers "$($gallery.Uri)/" | Should -BeFalse
        $gallery.DataPath | Should -Not -Be $FirstGallery.DataPath
        $gallery.Statuses.Count | Should -Be 4
    }
}
