# Runbook-grade batches: the phone check before the first post, pacing, a post budget, a calendar, the summary.
BeforeDiscovery {
    Import-Module $env:ZAPI_TEST_MODULE -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
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

    It 'a server that cannot be reached stops the batch at the phone check, after its retries, and nothing is posted' {
        $port = Get-ClosedPort
        $nowhere = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri "http://127.0.0.1:$port" -PassThru
        $stopped = $null
        try { 'x', 'y' | Send-ZApiTextStatus -Connection $nowhere -MaximumRetryCount 1 -RetryIntervalSec 0 -WarningVariable warned -WarningAction SilentlyContinue }
        catch { $stopped = $_ }

        Get-ErrorId $stopped | Should -Be 'ZApiUnreachable'
        $stopped.TargetObject | Should -Be 'x'
        $stopped.Exception.Message | Should -Match 'Nothing was posted'
        @($warned).Count | Should -Be 1 -Because 'the one retry wait is shown'
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

Describe '-MaximumPostCount' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'posts N statuses and gives the later inputs Deferred results, one record per input' {
        $missing = Join-Path $Folder 'missing.png'
        $inputs = $Images[0], $missing, $Images[1], $Images[2], $Images[3]
        $everything = @($inputs | Send-ZApiImageStatus -MaximumPostCount 2 -ErrorAction Continue 2>&1)

        $everything.Count | Should -Be 5
        Get-ErrorId $everything[1] | Should -Be 'ImageNotFound'
        $results = $everything | Where-Object { $_ -is [ZApi.Status.ImageStatusResult] }
        $results.Source | Should -Be $Images[0..3]
        $results.Outcome | Should -Be Posted, Posted, Deferred, Deferred
        $results[2].ZaapId | Should -BeNullOrEmpty
        $results[2].SentAt | Should -BeNullOrEmpty
        $results[2].ByteCount | Should -Be (Get-Item $Images[2]).Length
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be ($Images[0..1] | ForEach-Object { Get-Sha256 $_ })
    }

    It 'an unknown outcome counts as a post, so the phone never gets more than N' {
        Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
        $results = 'a', 'b', 'c' | Send-ZApiTextStatus -MaximumPostCount 2 -ErrorVariable failures -ErrorAction SilentlyContinue
        Get-ErrorId $failures[0] | Should -Be 'ZApiOutcomeUnknown'
        $results.Outcome | Should -Be Posted, Deferred
        (Get-TestSandboxStatus $Sandbox).Count | Should -Be 2
    }
}

Describe 'PostAt: a calendar in a CSV' {
    BeforeAll {
        $now = [DateTimeOffset]::Now
        $script:Rows = @(
            [pscustomobject]@{ Path = $Images[0]; Caption = 'an hour ago, local'; PostAt = $now.AddHours(-1).ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture) }
            [pscustomobject]@{ Path = $Images[1]; Caption = 'tomorrow, local'; PostAt = $now.AddDays(1).ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture) }
            [pscustomobject]@{ Path = $Images[2]; Caption = 'no time'; PostAt = '' }
            [pscustomobject]@{ Path = $Images[3]; Caption = 'day and month order'; PostAt = '03/05/2026 09:00' }
            # Offsets far from this machine's: read as local time, the first would look future and the second past.
            [pscustomobject]@{ Path = $Images[4]; Caption = 'half an hour ago, +09:00'; PostAt = $now.AddMinutes(-30).ToOffset([timespan]'09:00').ToString('yyyy-MM-ddTHH:mmzzz', [cultureinfo]::InvariantCulture) }
            [pscustomobject]@{ Path = $Images[5]; Caption = 'in two hours, -10:00'; PostAt = $now.AddHours(2).ToOffset([timespan]'-10:00').ToString('yyyy-MM-ddTHH:mmzzz', [cultureinfo]::InvariantCulture) }
        )
        $script:Csv = Join-Path $Folder 'calendar.csv'
        $Rows | Export-Csv -LiteralPath $Csv
    }

    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'posts the rows that are due, NotDue for the rest, InvalidPostAt for a malformed one' {
        $everything = @(Import-Csv -LiteralPath $Csv | Send-ZApiImageStatus -ErrorAction Continue 2>&1)

        $everything.Count | Should -Be 6
        $invalid = $everything[3]
        Get-ErrorId $invalid | Should -Be 'InvalidPostAt'
        $invalid.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $invalid.TargetObject | Should -Be $Images[3]
        $invalid.Exception.Message | Should -Match "PostAt '03/05/2026 09:00'.*2026-05-03T09:00-03:00"
        $results = $everything | Where-Object { $_ -is [ZApi.Status.ImageStatusResult] }
        $results.Source | Should -Be $Images[0, 1, 2, 4, 5]
        $results.Outcome | Should -Be Posted, NotDue, Posted, Posted, NotDue
        (Get-TestSandboxStatus $Sandbox).caption | Should -Be 'an hour ago, local', 'no time', 'half an hour ago, +09:00'
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be ($Images[0, 2, 4] | ForEach-Object { Get-Sha256 $_ })
    }

    It '-WhatIf validates every PostAt too and posts nothing' {
        Import-Csv -LiteralPath $Csv | Send-ZApiImageStatus -WhatIf -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        @($failures).Count | Should -Be 1
        Get-ErrorId $failures[0] | Should -Be 'InvalidPostAt'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It '-PostAt for one input: a DateTime, and more than 24 hours late warns and posts' {
        (Send-ZApiTextStatus 'later' -PostAt (Get-Date).AddMinutes(5)).Outcome | Should -Be NotDue
        $late = Send-ZApiTextStatus 'late' -PostAt ((Get-Date).AddDays(-2).ToString('yyyy-MM-dd HH:mm')) -WarningVariable warned -WarningAction SilentlyContinue
        $late.Outcome | Should -Be Posted
        @($warned).Count | Should -Be 1
        "$warned" | Should -Match '^late \(4 characters\) was due at .*, 4[78] hours ago: its status is posted late'
        (Get-TestSandboxStatus $Sandbox).message | Should -Be 'late'
    }
}

Describe 'the summary' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'is one Information record tagged ZApi.Summary, with counts per outcome and error id, bytes and time, and a -Verbose line' {
        $missing = Join-Path $Folder 'missing.png'
        $output = $Images[0], $missing, $Images[1], $Images[2] |
            Send-ZApiImageStatus -MaximumPostCount 2 -InformationVariable information -Verbose -ErrorAction SilentlyContinue 4>&1
        $results = @($output | Where-Object { $_ -is [ZApi.Status.ImageStatusResult] })
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        @($output).Count | Should -Be ($results.Count + $verbose.Count) -Because 'nothing but results on the success stream'

        $summaries = @($information | Where-Object { $_.Tags -contains 'ZApi.Summary' })
        $summaries.Count | Should -Be 1
        $summary = $summaries[0].MessageData
        $summary | Should -BeOfType ZApi.Status.BatchSummary
        $summary.Outcomes.Posted | Should -Be 2
        $summary.Outcomes.Deferred | Should -Be 1
        $summary.Outcomes.NotDue | Should -Be 0
        $summary.Errors.ImageNotFound | Should -Be 1
        $summary.Failed | Should -Be 1
        $summary.ByteCount | Should -Be ((Get-Item $Images[0]).Length + (Get-Item $Images[1]).Length)
        $summary.Elapsed | Should -BeGreaterThan ([timespan]::Zero)
        $verbose[-1].Message | Should -Be "Summary: $summary"
    }

    It 'is written before a stop too' {
        Reset-TestSandbox $Sandbox @{ Disconnected = $true }
        try { 'a', 'b' | Send-ZApiTextStatus -InformationVariable information } catch { }
        $summary = @($information | Where-Object { $_.Tags -contains 'ZApi.Summary' })[0].MessageData
        $summary.Errors.ZApiInstanceNotConnected | Should -Be 1
        $summary.Outcomes.Posted | Should -Be 0
    }
}

Describe 'an hourly run over a calendar with a history' {
    It 'posts each due row once over two runs' {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
        $history = Join-Path $Folder 'calendar.history.jsonl'
        $rows = @(
            [pscustomobject]@{ Path = $Images[0]; PostAt = [DateTimeOffset]::Now.AddMinutes(-5).ToString('yyyy-MM-ddTHH:mmzzz', [cultureinfo]::InvariantCulture) }
            [pscustomobject]@{ Path = $Images[1]; PostAt = [DateTimeOffset]::Now.AddHours(3).ToString('yyyy-MM-ddTHH:mmzzz', [cultureinfo]::InvariantCulture) }
            [pscustomobject]@{ Path = $Images[2]; PostAt = '' }
        )
        $first = $rows | Send-ZApiImageStatus -HistoryPath $history
        $second = $rows | Send-ZApiImageStatus -HistoryPath $history

        $first.Outcome | Should -Be Posted, NotDue, Posted
        $second.Outcome | Should -Be AlreadyPosted, NotDue, AlreadyPosted
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be ($Images[0, 2] | ForEach-Object { Get-Sha256 $_ })
    }
}
