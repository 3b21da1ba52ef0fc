# Runbook-grade batches: the phone check before the first post, pacing, a post budget, a calendar, the summary.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-batch-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Images = 1..6 | ForEach-Object { (New-TestImage (Join-Path $Folder "batch-$_.png") png (700 * $_)).FullName }

    function Get-Post { @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST) }
    function Get-StatusCheck { @((Get-TestSandboxRequest $Sandbox) | Where-Object { $_.method -eq 'GET' -and $_.action -eq 'status' }) }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'the phone check before the first post' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'asks once per pipeline, before the first POST, and says what it found in -Verbose' {
        $verbose = $Images[0..2] | Send-ZApiImageStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String

        $requests = Get-TestSandboxRequest $Sandbox
        $requests.method | Should -Be 'GET', 'POST', 'POST', 'POST'
        $requests[0].action | Should -Be 'status'
        $verbose | Should -Match "Phone check: $($Sandbox.InstanceId): Connected=True, SmartphoneConnected=True"
    }

    It 'a disconnected instance stops the batch with one terminating error and not a single POST' {
        Reset-TestSandbox $Sandbox @{ Disconnected = $true }
        $caught = $null
        $results = $null
        try { $results = $Images[0..2] | Send-ZApiImageStatus -ErrorVariable failures }
        catch { $caught = $_ }

        Get-ErrorId $caught | Should -Be 'ZApiInstanceNotConnected'
        $caught.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $caught.TargetObject | Should -Be $Images[0]
        $caught.Exception.Message | Should -Match 'Nothing was posted'
        $results | Should -BeNullOrEmpty
        @($failures).Count | Should -Be 1
        Get-Post | Should -BeNullOrEmpty
        (Get-StatusCheck).Count | Should -Be 1
    }

    It 'a phone offline gives one warning that Z-API holds the statuses, and the posts' {
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        $results = $Images[0..2] | Send-ZApiImageStatus -WarningVariable warned -WarningAction SilentlyContinue

        $results.Source | Should -Be $Images[0..2]
        @($warned).Count | Should -Be 1
        "$warned" | Should -Match 'phone .* is offline.*holds the statuses'
        (Get-Post).Count | Should -Be 3
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be ($Images[0..2] | ForEach-Object { Get-Sha256 $_ })
    }

    It '-RequirePhoneOnline makes a phone offline a stop before any POST' {
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        { 'one', 'two' | Send-ZApiTextStatus -RequirePhoneOnline } | Should -Throw -ErrorId 'ZApiPhoneOffline*'
        Get-Post | Should -BeNullOrEmpty
        $caught = $null
        try { 'one' | Send-ZApiTextStatus -RequirePhoneOnline } catch { $caught = $_ }
        $caught.TargetObject | Should -Be 'one'
        $caught.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $caught.Exception.Message | Should -Match 'Nothing was posted, as -RequirePhoneOnline asks'
    }

    It '-SkipConnectionCheck sends no GET, so a disconnected phone is found by the first POST' {
        $results = $Images[0..1] | Send-ZApiImageStatus -SkipConnectionCheck
        $results.Count | Should -Be 2
        Get-StatusCheck | Should -BeNullOrEmpty

        Reset-TestSandbox $Sandbox @{ Disconnected = $true }
        { $Images[0..1] | Send-ZApiImageStatus -SkipConnectionCheck } | Should -Throw -ErrorId 'ZApiInstanceNotConnected*'
        (Get-TestSandboxRequest $Sandbox).method | Should -Be 'POST'
    }

    It '-WhatIf makes no request at all, and a batch of bad inputs none either' {
        $shown = Invoke-ConnectedChild $Sandbox "'$($Images[0])', '$($Images[1])' | Send-ZApiImageStatus -WhatIf"
        @($shown).Count | Should -Be 2
        $null, '' | Send-ZApiTextStatus -ErrorAction SilentlyContinue
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'a check that cannot be answered warns and lets each post report for itself' {
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        $nowhere = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri "http://127.0.0.1:$port" -PassThru
        'x' | Send-ZApiTextStatus -Connection $nowhere -MaximumRetryCount 0 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue

        "$warned" | Should -Match 'Could not check the phone'
        Get-ErrorId $failures[0] | Should -Be 'ZApiRequestFailed'
        $failures[0].TargetObject | Should -Be 'x'
    }
}

Describe 'pacing' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'spaces the posts by at least -IntervalSec, with jitter that makes the gaps uneven' {
        $results = $Images | Send-ZApiImageStatus -IntervalSec 0.3 -IntervalJitterPercent 100
        $results.Count | Should -Be $Images.Count

        $arrivals = (Get-Post).at | ForEach-Object { [DateTimeOffset]$_ }
        $gaps = for ($i = 1; $i -lt $arrivals.Count; $i++) { ($arrivals[$i] - $arrivals[$i - 1]).TotalSeconds }
        # The server notes arrivals, a few milliseconds after the module starts a post: hence the 20 ms allowance.
        $gaps | ForEach-Object { $_ | Should -BeGreaterOrEqual 0.28 }
        $spread = ($gaps | Measure-Object -Maximum -Minimum)
        ($spread.Maximum - $spread.Minimum) | Should -BeGreaterThan 0.05 -Because 'gaps of 0.3 to 0.6 s drawn at random are not all alike; without jitter they differ by milliseconds'
    }

    It 'Ctrl+C during a pacing wait stops within a second, sends nothing more, and the bar shows the wait' {
        $batch = Start-ConnectedImageBatch $Sandbox $Images[0..2] @{ IntervalSec = 30 }
        $shell, $output, $running = $batch.Shell, $batch.Output, $batch.Running
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while (-not ($shell.Streams.Progress | Where-Object StatusDescription -Like '*Waiting*') -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $output.Count | Should -Be 1 -Because 'the first image is posted at once'
            $waiting = $shell.Streams.Progress | Where-Object StatusDescription -Like '*Waiting*' | Select-Object -First 1
            $waiting.StatusDescription | Should -BeLike "1 posted. Waiting * s before posting $($Images[1]) *"
            $waiting.SecondsRemaining | Should -BeGreaterThan 25

            $stopping = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopping.Elapsed.TotalSeconds | Should -BeLessThan 1
            $running.IsCompleted | Should -BeTrue

            Start-Sleep -Milliseconds 500
            (Get-Post).Count | Should -Be 1
            $output.Source | Should -Be $Images[0]
        }
        finally { $shell.Dispose() }
    }
}
