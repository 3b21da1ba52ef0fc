# Runs that repeat: the status history makes a re-run, a restarted job or a parallel job post each status once.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-history-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Root | Out-Null

    # A fresh folder of images and a fresh history path for one test.
    function New-Case([int] $Count = 3) {
        $folder = Join-Path $Root ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path (Join-Path $folder 'images') | Out-Null
        $files = @(1..$Count | ForEach-Object { (New-TestImage (Join-Path $folder "images/img-$_.png") png (1500 + $_)).FullName })
        [pscustomobject]@{ Folder = Join-Path $folder 'images'; Files = $files; History = Join-Path $folder 'state/history.jsonl' }
    }

    # A child pwsh, connected to the sandbox, running $Script in the background; its output is read when it ends.
    function Start-ConnectedChild([string] $Script) { Start-TestSandboxChild $Sandbox $Script }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Root -ErrorAction SilentlyContinue
}

Describe 'a run that repeats posts only what is new' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'a folder twice: the second run sends no request and yields AlreadyPosted with the first run''s ids' {
        $case = New-Case 3
        $first = @(Get-ChildItem $case.Folder -File | Send-ZApiImageStatus -HistoryPath $case.History)
        $first.Outcome | Should -Be 'Posted', 'Posted', 'Posted'
        Reset-TestSandbox $Sandbox

        $second = @(Get-ChildItem $case.Folder -File | Send-ZApiImageStatus -HistoryPath $case.History)
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        $second.Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted', 'AlreadyPosted'
        $second.MessageId | Should -Be $first.MessageId
        $second.ZaapId | Should -Be $first.ZaapId
        $second.Source | Should -Be $case.Files
        for ($i = 0; $i -lt 3; $i++) { $second[$i].SentAt | Should -Be $first[$i].SentAt }
        ($second[0] | Format-List | Out-String) | Should -Match 'Outcome\s+: AlreadyPosted'
    }

    It 'another caption and an edited copy are new; a renamed copy is the same image' {
        $case = New-Case 1
        $image = $case.Files[0]
        Send-ZApiImageStatus $image -Caption 'Week 12' -HistoryPath $case.History | Out-Null

        $renamed = Join-Path $case.Folder 'renamed.png'
        Copy-Item $image $renamed
        $edited = Join-Path $case.Folder 'edited.png'
        $bytes = [System.IO.File]::ReadAllBytes($image); $bytes[-1] = $bytes[-1] -bxor 0xFF
        [System.IO.File]::WriteAllBytes($edited, $bytes)

        $results = @($image, $renamed, $edited | Send-ZApiImageStatus -Caption 'Week 12' -HistoryPath $case.History)
        $results.Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted', 'Posted'
        (Send-ZApiImageStatus $image -Caption 'Week 13' -HistoryPath $case.History).Outcome | Should -Be 'Posted'
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $image), (Get-Sha256 $edited), (Get-Sha256 $image)
        (Get-TestSandboxStatus $Sandbox).caption | Should -Be 'Week 12', 'Week 12', 'Week 13'
    }

    It '-Force posts again and records the new post; texts and links are remembered too' {
        $case = New-Case 1
        $first = Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History
        $forced = Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History -Force
        $forced.Outcome | Should -Be 'Posted'
        $forced.MessageId | Should -Not -Be $first.MessageId
        (Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History).MessageId | Should -Be $forced.MessageId

        $text = 'Open today 9-18', 'Closed on Sunday' | Send-ZApiTextStatus -HistoryPath $case.History
        $again = 'Open today 9-18', 'Closed on Sunday' | Send-ZApiTextStatus -HistoryPath $case.History
        $again.Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted'
        $again.MessageId | Should -Be $text.MessageId
        (Get-TestSandboxStatus $Sandbox).Count | Should -Be 4
    }

    It '-WhatIf reports what was posted and posts nothing' {
        $case = New-Case 2
        Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History | Out-Null
        Reset-TestSandbox $Sandbox
        $results = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History -WhatIf)
        $results.Outcome | Should -Be 'AlreadyPosted'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It '-WhatIf changes no history: a missing one is not created, an existing one is not written' {
        $case = New-Case 2
        $state = Split-Path $case.History
        $shown = $case.Files | Send-ZApiImageStatus -HistoryPath $case.History -WhatIf -Verbose 4>&1 | Out-String
        Test-Path -LiteralPath $state | Should -BeFalse
        $shown | Should -BeLike "*does not exist yet*"

        Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History | Out-Null
        $before = Get-FileHash -LiteralPath $case.History
        Remove-Item -LiteralPath "$($case.History).lock"
        $WhatIfPreference = $true
        try { $results = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History) }
        finally { $WhatIfPreference = $false }
        $results.Outcome | Should -Be 'AlreadyPosted'
        (Get-FileHash -LiteralPath $case.History).Hash | Should -Be $before.Hash
        @(Get-ChildItem -LiteralPath $state).Name | Should -Be 'history.jsonl'
        @(Get-TestSandboxStatus $Sandbox | Write-Output).Count | Should -Be 1
    }

    It 'records every real post of a pipeline that began with $WhatIfPreference on and turned it off upstream' {
        $case = New-Case 2
        $WhatIfPreference = $true
        try { $first = @($case.Files | ForEach-Object { $WhatIfPreference = $false; $_ } | Send-ZApiImageStatus -HistoryPath $case.History) }
        finally { $WhatIfPreference = $false }
        $first.Outcome | Should -Be 'Posted', 'Posted'
        @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History).Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted'
        @(Get-TestSandboxStatus $Sandbox | Write-Output).Count | Should -Be 2
    }

    It '-WhatIf fails on a history it could not write, as the real run would, and posts nothing' {
        $case = New-Case 1
        $null = New-Item -ItemType Directory -Force -Path $case.History   # a folder where the file should be
        { $case.Files | Send-ZApiImageStatus -HistoryPath $case.History -WhatIf } | Should -Throw -ErrorId 'HistoryUnavailable*'
        { $case.Files | Send-ZApiImageStatus -HistoryPath $case.History } | Should -Throw -ErrorId 'HistoryUnavailable*'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'resumes after refusals: refused inputs are posted by the next run, posted ones are not' {
        $case = New-Case 3
        Reset-TestSandbox $Sandbox @{ RateLimitCount = 2; RetryAfterSec = 0 }
        $first = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History -MaximumRetryCount 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
        $failed | ForEach-Object { Get-ErrorId $_ } | Should -Be 'ZApiRateLimited', 'ZApiRateLimited'
        $first.Source | Should -Be $case.Files[2]

        $second = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History)
        $second.Outcome | Should -Be 'Posted', 'Posted', 'AlreadyPosted'
        (Get-TestSandboxStatus $Sandbox).sha256 | Sort-Object | Should -Be ($case.Files | ForEach-Object { Get-Sha256 $_ } | Sort-Object)
    }

    It '$WarningPreference = Stop ends the run at a retry warning; the status never sent is safe to post again' {
        $case = New-Case 2
        $port = Get-ClosedPort
        $nowhere = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri "http://127.0.0.1:$port" -PassThru
        $stopped = $null
        $WarningPreference = 'Stop'
        try {
            $case.Files | Send-ZApiImageStatus -Connection $nowhere -HistoryPath $case.History -SkipConnectionCheck -MaximumRetryCount 2 -RetryIntervalSec 0 -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        catch { $stopped = $_ }
        finally { $WarningPreference = 'Continue' }

        $stopped | Should -Not -BeNullOrEmpty -Because 'a Stop preference ends the pipeline at the warning, as PowerShell does'
        $stopped.Exception | Should -BeOfType ([System.Management.Automation.ActionPreferenceStopException])
        $stopped.Exception.Message | Should -Match 'Cannot connect to 127\.0\.0\.1'
        # -ErrorVariable holds the stop itself (as an exception) and would hold the input's record, were there one.
        @($failed | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.Exception -isnot [System.Management.Automation.ActionPreferenceStopException] }) |
            Should -BeNullOrEmpty -Because 'the input did not also become an error record of its own'
        @(Get-ZApiStatusHistory -HistoryPath $case.History).Outcome | Should -Be 'Refused'

        Connect-TestSandbox $Sandbox
        $later = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History)
        $later.Outcome | Should -Be 'Posted', 'Posted'
    }

    It 'Ctrl+C during a Retry-After wait after a 429 records the status refused: the next run posts it' {
        $case = New-Case 1
        Reset-TestSandbox $Sandbox @{ RateLimitCount = 1; RetryAfterSec = 30 }
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Module, $Sandbox, $History, $Image)
                Import-Module $Module
                Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri
                Send-ZApiImageStatus $Image -HistoryPath $History -SkipConnectionCheck
            }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument($Sandbox).AddArgument($case.History).AddArgument($case.Files[0])
        try {
            $running = $shell.BeginInvoke()
            # The 429 is logged once answered; the call then waits out Retry-After.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (@(Get-TestSandboxRequest $Sandbox | Write-Output).Count -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 300
            $shell.Stop()
            $running.IsCompleted | Should -BeTrue
        }
        finally { $shell.Dispose() }

        @(Get-TestSandboxStatus $Sandbox | Write-Output).Count | Should -Be 0
        (@($shell.Streams.Warning) -join ' ') | Should -Not -Match 'may or may not'
        (Get-ZApiStatusHistory -HistoryPath $case.History).Outcome | Should -Be 'Refused'
        (Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History).Outcome | Should -Be 'Posted'
    }

    It 'a damaged line found while claiming is shown after the input is done, so a Stop preference loses nothing' {
        $case = New-Case 1
        $history = $case.History; $image = $case.Files[0]
        # Another writer's damaged line appears after the pipeline opened the history; the claim's catch-up finds it.
        $child = Start-ConnectedChild ("& { [IO.File]::AppendAllText('$history', 'garbage' + [char]10); '$image' } | " +
            "Send-ZApiImageStatus -HistoryPath '$history' -WarningAction Stop")
        $out = $child.StandardOutput.ReadToEnd(); $err = $child.StandardError.ReadToEnd(); $child.WaitForExit()

        @(Get-TestSandboxStatus $Sandbox | Write-Output).Count | Should -Be 1
        (Get-ZApiStatusHistory -HistoryPath $history -WarningAction SilentlyContinue).Outcome | Should -Be 'Posted'
        $out + $err | Should -Match 'damaged'
        $out + $err | Should -Not -Match 'may or may not'
    }

    It 'a 5xx leaves the status in doubt: the next run reports StatusInDoubt and sends nothing; -Force posts it' {
        $case = New-Case 2
        Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
        $case.Files | Send-ZApiImageStatus -HistoryPath $case.History -ErrorAction SilentlyContinue | Out-Null
        Reset-TestSandbox $Sandbox

        $results = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History -ErrorVariable doubts -ErrorAction SilentlyContinue)
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        $results.Source | Should -Be $case.Files[1]
        $doubts.Count | Should -Be 1
        Get-ErrorId $doubts[0] | Should -Be 'StatusInDoubt'
        $doubts[0].TargetObject | Should -Be $case.Files[0]
        $doubts[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $doubts[0].Exception.Message | Should -Match 'ZApiOutcomeUnknown'
        $doubts[0].Exception.Message | Should -Match 'Check the phone'

        (Get-ZApiStatusHistory $case.History -Outcome InDoubt).Source | Should -Be $case.Files[0]
        (Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History -Force).Outcome | Should -Be 'Posted'
        (Get-ZApiStatusHistory $case.History -Outcome InDoubt) | Should -BeNullOrEmpty
    }

    It 'kill -9 in the middle of a slow request leaves the status in doubt for the next run' {
        $case = New-Case 1
        Reset-TestSandbox $Sandbox @{ DelaySec = 60 }
        # No phone check: the server's delay would hold that request, not the post.
        $child = Start-ConnectedChild "Send-ZApiImageStatus '$($case.Files[0])' -HistoryPath '$($case.History)' -SkipConnectionCheck"
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while ([datetime]::UtcNow -lt $deadline -and -not ((Test-Path $case.History) -and (Get-Content -Raw $case.History) -match '"state":"InFlight"')) { Start-Sleep -Milliseconds 50 }
            Get-Content -Raw $case.History | Should -Match '"state":"InFlight"'
            # The entry is written just before the request; give the request a moment to reach the waiting server.
            Start-Sleep -Seconds 1
        }
        finally {
            if ([System.IO.Path]::DirectorySeparatorChar -eq '\') { Stop-Process -Id $child.Id -Force } else { & kill -9 $child.Id }
            $child.WaitForExit(30000) | Should -BeTrue
        }

        Reset-TestSandbox $Sandbox
        $null = Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History -ErrorVariable doubt -ErrorAction SilentlyContinue
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        Get-ErrorId $doubt[0] | Should -Be 'StatusInDoubt'
        $doubt[0].Exception.Message | Should -Match "process $($child.Id)@.* ended before Z-API answered"
        (Get-ZApiStatusHistory $case.History).Outcome | Should -Be 'InDoubt'
    }

    It 'torn and corrupt lines are skipped with warnings naming them, and the rest still counts' {
        $case = New-Case 3
        $first = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History)
        # Lines 1-6: in flight and posted for each image. Corrupt line 2 (image 1 posted), tear a seventh line.
        $lines = [System.Collections.Generic.List[string]](Get-Content $case.History)
        $lines[1] = '{"v":1,"key":"garbage'
        [System.IO.File]::WriteAllText($case.History, (($lines -join "`n") + "`n" + '{"v":1,"key":"0123'))
        Reset-TestSandbox $Sandbox

        $results = @($case.Files[1], $case.Files[2] | Send-ZApiImageStatus -HistoryPath $case.History -WarningVariable warnings -WarningAction SilentlyContinue)
        $warnings.Count | Should -Be 2
        $warnings[0] | Should -Match "^Line 2 of the status history '.*history\.jsonl' is damaged"
        $warnings[1] | Should -Match '^Line 7 of the status history'
        $results.Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted'
        $results.MessageId | Should -Be $first[1].MessageId, $first[2].MessageId
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty

        # Image 1's posted line is gone, so its latest entry is the in-flight one, written by this (live) process.
        (Get-ZApiStatusHistory $case.History -WarningAction SilentlyContinue | Where-Object Source -EQ $case.Files[0]).Outcome | Should -Be 'InFlight' -Because 'this process wrote it and is still running'
    }

    It 'a history that cannot be written stops before anything is posted' {
        $case = New-Case 2
        $blocker = Join-Path $case.Folder 'not-a-folder.txt'
        Set-Content $blocker 'x'
        $history = Join-Path $blocker 'history.jsonl'
        $failure = $null
        try { $case.Files | Send-ZApiImageStatus -HistoryPath $history }
        catch { $failure = $_ }
        Get-ErrorId $failure | Should -Be 'HistoryUnavailable'
        $failure.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $failure.Exception.Message | Should -Match ([regex]::Escape($history))
        $failure.Exception.Message | Should -Match 'Nothing was posted'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'a history from a newer module version is refused, not misread' {
        $case = New-Case 1
        New-Item -ItemType Directory (Split-Path $case.History) | Out-Null
        Set-Content $case.History '{"v":9,"key":"k","state":"Posted"}'
        { Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History } | Should -Throw -ErrorId 'HistoryFormatUnsupported*'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'Set-ZApiConnection -HistoryPath and ZAPI_HISTORY_PATH set the history; the file holds no secret and no content' {
        $case = New-Case 2
        Push-Location $case.Folder
        try {
            Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri -HistoryPath '../state/history.jsonl'
        }
        finally { Pop-Location }
        (Get-ZApiConnection).HistoryPath | Should -Be $case.History
        Send-ZApiImageStatus $case.Files[0] | Out-Null
        (Send-ZApiImageStatus $case.Files[0]).Outcome | Should -Be 'AlreadyPosted'

        Connect-TestSandbox $Sandbox
        $env:ZAPI_HISTORY_PATH = $case.History
        try {
            (Send-ZApiImageStatus $case.Files[0]).Outcome | Should -Be 'AlreadyPosted'
            (Send-ZApiImageStatus -Base64 ([Convert]::ToBase64String([System.IO.File]::ReadAllBytes($case.Files[1])))).Outcome | Should -Be 'Posted'
            (Send-ZApiImageStatus $case.Files[1]).Outcome | Should -Be 'AlreadyPosted' -Because 'Base64 and a file with the same bytes are the same image'
            @(Get-ZApiStatusHistory).Count | Should -Be 2
        }
        finally { Remove-Item Env:ZAPI_HISTORY_PATH }

        $text = Get-Content -Raw $case.History
        foreach ($secret in $Sandbox.Token, $Sandbox.ClientToken) { $text | Should -Not -Match ([regex]::Escape($secret)) }
        $text | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String([System.IO.File]::ReadAllBytes($case.Files[1])).Substring(0, 40)))
    }

    It 'Get-ZApiStatusHistory emits typed entries with a table view, filtered by -Outcome and -Since' {
        $case = New-Case 2
        $posted = Send-ZApiImageStatus $case.Files[0] -Caption 'Week 12' -HistoryPath $case.History
        Reset-TestSandbox $Sandbox @{ RateLimitCount = 1; RetryAfterSec = 0 }
        Send-ZApiImageStatus $case.Files[1] -HistoryPath $case.History -MaximumRetryCount 0 -ErrorAction SilentlyContinue

        $entries = @(Get-ZApiStatusHistory -HistoryPath $case.History)
        $entries | ForEach-Object { $_ | Should -BeOfType ([ZApi.Status.StatusHistoryEntry]) }
        $entries.Outcome | Should -Be 'Posted', 'Refused'
        $entries[0].MessageId | Should -Be $posted.MessageId
        $entries[0].Sha256 | Should -Be (Get-Sha256 $case.Files[0])
        $entries[0].InstanceId | Should -Be $Sandbox.InstanceId
        $entries[1].ErrorId | Should -Be 'ZApiRateLimited'
        (Get-ZApiStatusHistory $case.History -Outcome Refused).Source | Should -Be $case.Files[1]
        Get-ZApiStatusHistory $case.History -Since (Get-Date).AddMinutes(5) | Should -BeNullOrEmpty
        $table = $entries | Format-Table | Out-String
        $table | Should -Match 'Outcome'
        $table | Should -Match 'img-1\.png'
        $table | Should -Match 'Week 12'

        $missing = Join-Path $case.Folder 'missing.jsonl'
        Get-ZApiStatusHistory $missing -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure | Should -BeNullOrEmpty -Because 'a history that does not exist yet is empty, not an error'

        $unreadable = Join-Path $case.Folder 'a-folder.jsonl'
        $null = New-Item -ItemType Directory $unreadable
        Get-ZApiStatusHistory $unreadable -ErrorVariable failure -ErrorAction SilentlyContinue
        Get-ErrorId $failure[0] | Should -Be 'HistoryUnavailable'
        $failure[0].TargetObject | Should -Be $unreadable
    }
}

Describe 'processes that share one history' {
    It 'three concurrent pwsh processes piping the same 30 images post each exactly once between them' {
        Reset-TestSandbox $Sandbox
        $case = New-Case 30
        $posted = 0
        foreach ($child in Invoke-CompetingImageBatch $Sandbox $case.Folder "-HistoryPath '$($case.History)'") {
            $child.ErrorIds | Should -BeIn '', 'StatusInFlight'
            ($child.Posted + $child.AlreadyPosted + $child.Errors) | Should -Be 30 -Because 'every input yields one record in each process'
            $posted += $child.Posted
        }

        $posted | Should -Be 30
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.Count | Should -Be 30
        ($stored.sha256 | Sort-Object -Unique).Count | Should -Be 30
        ($stored.sha256 | Sort-Object) | Should -Be ($case.Files | ForEach-Object { Get-Sha256 $_ } | Sort-Object)
        (Get-ZApiStatusHistory $case.History).Outcome | Sort-Object -Unique | Should -Be 'Posted'
    }
}
