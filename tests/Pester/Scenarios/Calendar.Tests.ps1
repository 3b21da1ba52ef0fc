# A calendar that keeps itself: repeating rows posted once per occurrence, late rows that expire, a preview of another
# moment, and a dry run that spends the budget.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-calendar-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Images = 1..3 | ForEach-Object { (New-TestImage (Join-Path $Folder "calendar-$_.png") png (900 * $_)).FullName }

    function Get-Post { @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST) }
    function Format-Local([datetime] $At) { $At.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture) }
    function New-HistoryPath { Join-Path $Folder ([guid]::NewGuid().ToString('N') + '.jsonl') }
    function Get-HistoryLine([string] $Path) { if (Test-Path -LiteralPath $Path) { @(Get-Content -LiteralPath $Path) } else { @() } }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'a repeating calendar' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
        # The time of day of the series: half an hour ago, so today's occurrence is due and tomorrow's is not.
        $script:TimeOfDay = (Get-Date).AddMinutes(-30)
        $script:History = New-HistoryPath
    }

    It 'a daily row posts once per occurrence across runs' {
        $start = Format-Local $TimeOfDay.AddDays(-3)
        # Yesterday's run: the same row, as the calendar stood when its series ended yesterday.
        $yesterday = [pscustomobject]@{ Path = $Images[0]; Caption = 'Bom dia'; PostAt = $start; Repeat = 'daily'; Until = Format-Local $TimeOfDay.AddDays(-1) }
        $today = [pscustomobject]@{ Path = $Images[0]; Caption = 'Bom dia'; PostAt = $start; Repeat = 'daily' }

        $first = $yesterday | Send-ZApiImageStatus -HistoryPath $History -MaximumLateness ([timespan]::FromDays(2)) -WarningVariable late
        $second = $today | Send-ZApiImageStatus -HistoryPath $History
        $third = $today | Send-ZApiImageStatus -HistoryPath $History

        $first.Outcome | Should -Be Posted
        $first.DueAt.LocalDateTime | Should -Be ([datetime](Format-Local $TimeOfDay.AddDays(-1)))
        @($late).Count | Should -Be 0 -Because 'a lateness the user allowed is not worth a warning'
        $second.Outcome | Should -Be Posted
        $second.DueAt.LocalDateTime | Should -Be ([datetime](Format-Local $TimeOfDay))
        $third.Outcome | Should -Be AlreadyPosted
        $third.MessageId | Should -Be $second.MessageId
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be @((Get-Sha256 $Images[0]), (Get-Sha256 $Images[0]))
        $entries = @(Get-ZApiStatusHistory -HistoryPath $History)
        $entries.Count | Should -Be 2
        $entries.Occurrence.LocalDateTime | Should -Be @([datetime](Format-Local $TimeOfDay.AddDays(-1)), [datetime](Format-Local $TimeOfDay))
    }

    It '-WhatIf -AsOf tomorrow previews the next occurrence and sends nothing' {
        $row = [pscustomobject]@{ Path = $Images[0]; Caption = 'Bom dia'; PostAt = Format-Local $TimeOfDay.AddDays(-3); Repeat = 'daily' }
        ($row | Send-ZApiImageStatus -HistoryPath $History).Outcome | Should -Be Posted
        $before = @(Get-TestSandboxRequest $Sandbox).Count
        $lines = Get-HistoryLine $History

        $preview = @($row | Send-ZApiImageStatus -HistoryPath $History -WhatIf -AsOf ([DateTimeOffset]::Now.AddDays(1)) -Verbose 4>&1)

        $tomorrow = $TimeOfDay.AddDays(1).ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)
        @($preview | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "Occurrence of $tomorrow*" }).Count | Should -Be 1
        @($preview | Where-Object { $_ -is [ZApi.Status.StatusResult] }).Count | Should -Be 0 -Because 'a status the dry run would post is a What if line, not a result'
        @(Get-TestSandboxRequest $Sandbox).Count | Should -Be $before
        Get-HistoryLine $History | Should -Be $lines
        # Today, the same preview says it was posted.
        ($row | Send-ZApiImageStatus -HistoryPath $History -WhatIf -AsOf ([DateTimeOffset]::Now)).Outcome | Should -Be AlreadyPosted
    }

    It '-AsOf without -WhatIf is refused before anything is sent' {
        $failure = { 'hello' | Send-ZApiTextStatus -AsOf ([DateTimeOffset]::Now.AddDays(1)) -HistoryPath $History } | Should -Throw -PassThru
        Get-ErrorId $failure | Should -Be 'AsOfNeedsWhatIf'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match '-WhatIf'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        Test-Path -LiteralPath $History | Should -BeFalse
    }

    It 'a CSV with Repeat, TimeZone and Until columns: each bad row is refused alone, with its own error id' {
        $csv = Join-Path $Folder 'series.csv'
        @(
            [pscustomobject]@{ Path = $Images[0]; Caption = 'weekdays'; PostAt = ''; Repeat = 'cron:* * * * *'; TimeZone = 'America/Sao_Paulo'; Until = '' }
            [pscustomobject]@{ Path = $Images[1]; Caption = 'hourly?'; PostAt = Format-Local $TimeOfDay; Repeat = 'hourly'; TimeZone = ''; Until = '' }
            [pscustomobject]@{ Path = $Images[2]; Caption = 'on Mars'; PostAt = Format-Local $TimeOfDay; Repeat = 'daily'; TimeZone = 'Mars/Olympus_Mons'; Until = '' }
        ) | Export-Csv -LiteralPath $csv

        $output = @(Import-Csv -LiteralPath $csv | Send-ZApiImageStatus -HistoryPath $History -ErrorAction Continue 2>&1)

        $output.Count | Should -Be 3
        $output[0].Outcome | Should -Be Posted
        Get-ErrorId $output[1] | Should -Be 'InvalidRepeat'
        $output[1].TargetObject | Should -Be $Images[1]
        $output[1].Exception.Message | Should -Match "Repeat 'hourly'.*weekly:Mon,Thu"
        Get-ErrorId $output[2] | Should -Be 'InvalidTimeZone'
        (Get-TestSandboxStatus $Sandbox).caption | Should -Be 'weekdays'
    }

    It 'a repeating row without a history is RepeatNeedsHistory, and the other rows still post' {
        $rows = @(
            [pscustomobject]@{ Message = 'every day'; PostAt = Format-Local $TimeOfDay; Repeat = 'daily' }
            [pscustomobject]@{ Message = 'once'; PostAt = ''; Repeat = '' }
        )
        $env:ZAPI_HISTORY_PATH = $null

        $output = @($rows | Send-ZApiTextStatus -ErrorAction Continue 2>&1)

        Get-ErrorId $output[0] | Should -Be 'RepeatNeedsHistory'
        $output[0].TargetObject | Should -Be 'every day'
        $output[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $output[1].Outcome | Should -Be Posted
        (Get-TestSandboxStatus $Sandbox).message | Should -Be 'once'
    }

    It 'Expired rows send nothing, change no history, and the summary counts them' {
        $rows = @(
            [pscustomobject]@{ Message = 'good morning'; PostAt = Format-Local (Get-Date).AddHours(-3); NotAfter = '' }
            [pscustomobject]@{ Message = 'sale ends at noon'; PostAt = Format-Local (Get-Date).AddMinutes(-20); NotAfter = Format-Local (Get-Date).AddMinutes(-5) }
            [pscustomobject]@{ Message = 'on time'; PostAt = Format-Local (Get-Date).AddMinutes(-20); NotAfter = '' }
        )

        $results = $rows | Send-ZApiTextStatus -HistoryPath $History -MaximumLateness '01:00:00' -SkipConnectionCheck -InformationVariable info

        $results.Outcome | Should -Be Expired, Expired, Posted
        $results[0].DueAt.LocalDateTime | Should -Be ([datetime](Format-Local (Get-Date).AddHours(-3)))
        $results[0].ZaapId | Should -BeNullOrEmpty
        (Get-Post).Count | Should -Be 1
        (Get-TestSandboxStatus $Sandbox).message | Should -Be 'on time'
        (Get-ZApiStatusHistory -HistoryPath $History).Source | Should -Be 'Text (7 characters)'
        ($info | Where-Object Tags -Contains 'ZApi.Summary').MessageData.Outcomes.Expired | Should -Be 2
    }

    It 'a NotDue result shows when it is due, in the table view too' {
        $due = (Get-Date).AddHours(5)
        $result = Send-ZApiTextStatus 'later' -PostAt (Format-Local $due)

        $result.Outcome | Should -Be NotDue
        $result.DueAt.LocalDateTime | Should -Be ([datetime](Format-Local $due))
        ($result | Format-Table | Out-String -Width 80) | Should -Match ('NotDue .*' + [regex]::Escape(([datetime](Format-Local $due)).ToString('g')))
    }

    It '-WhatIf with -MaximumPostCount defers what the real run would defer' {
        $dryRun = @('a', 'b', 'c' | Send-ZApiTextStatus -MaximumPostCount 1 -WhatIf)
        $real = @('a', 'b', 'c' | Send-ZApiTextStatus -MaximumPostCount 1 -SkipConnectionCheck)

        $dryRun.Message | Should -Be 'b', 'c'
        $dryRun.Outcome | Should -Be Deferred, Deferred
        $real.Outcome | Should -Be Posted, Deferred, Deferred
        (Get-TestSandboxStatus $Sandbox).message | Should -Be 'a'
    }
}
