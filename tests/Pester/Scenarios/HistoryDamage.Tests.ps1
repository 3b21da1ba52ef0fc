# What happens to history files in the wild: replaced by a rename mid-run, saved by Windows PowerShell in another
# encoding, reached through a link, damaged by the thousand lines. Each must neither post a status twice nor drown
# the run in warnings.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-history-damage-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Root | Out-Null

    # $Count images in a folder of their own, and a history path beside them (not created yet).
    function New-HistoryCase([int] $Count) {
        $folder = Join-Path $Root ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $files = @(1..$Count | ForEach-Object { (New-TestImage (Join-Path $folder "img-$_.png") png (1700 + $_)).FullName })
        [pscustomobject]@{ Folder = $folder; Files = $files; History = Join-Path $folder 'history.jsonl' }
    }

    # The line numbers the "Line N of the status history" warnings name.
    function Get-NamedLine([string[]] $Warnings) {
        @($Warnings | ForEach-Object { if ($_ -match '^Line (\d+) of the status history') { [int]$Matches[1] } })
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Root -ErrorAction SilentlyContinue
}

Describe 'a status history that is replaced, re-encoded, linked or damaged' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'a history an editor saves (a new file renamed over it) mid-batch gets every later line: the next run posts nothing again' {
        $case = New-HistoryCase 4
        # Two seconds a post, so the history is replaced while the batch is half done.
        Reset-TestSandbox $Sandbox @{ DelaySec = 2 }
        $batch = Start-ConnectedImageBatch $Sandbox $case.Files @{ HistoryPath = $case.History; SkipConnectionCheck = $true }
        $replaced = $null
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while ($batch.Output.Count -lt 2 -and -not $batch.Running.IsCompleted -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $batch.Output.Count | Should -Be 2 -Because 'the history is replaced once two statuses are posted'
            # Read as the run shares it (ReadAllBytes would not share writing, which Windows then refuses).
            $saved = "$($case.History).saving"
            $reader = [System.IO.File]::Open($case.History, 'Open', 'Read', 'ReadWrite, Delete')
            try { $content = [System.IO.BinaryReader]::new($reader).ReadBytes([int]$reader.Length) }
            finally { $reader.Dispose() }
            [System.IO.File]::WriteAllBytes($saved, $content)
            try { Move-Item -LiteralPath $saved -Destination $case.History -Force -ErrorAction Stop; $replaced = $true }
            catch { $replaced = $_ }
            $null = $batch.Shell.EndInvoke($batch.Running)
            $warnings = @($batch.Shell.Streams.Warning | ForEach-Object Message)
        }
        finally { $batch.Shell.Dispose() }
        if ($replaced -isnot [bool]) {
            Set-ItResult -Skipped -Because "this file system does not rename a file over one that is open, so a history cannot be replaced mid-run: $replaced"
            return
        }

        @($batch.Output).Outcome | Should -Be 'Posted', 'Posted', 'Posted', 'Posted'
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be ($case.Files | ForEach-Object { Get-Sha256 $_ })

        Reset-TestSandbox $Sandbox
        $again = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History -ErrorAction SilentlyContinue)
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        $again.Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted', 'AlreadyPosted', 'AlreadyPosted'
        $again.MessageId | Should -Be @($batch.Output).MessageId
        ($warnings -join "`n") | Should -Match 'was replaced during this run'
    }

    It 'a history saved with a BOM and CRLF (Set-Content -Encoding UTF8 in Windows PowerShell) counts from its first line' {
        $case = New-HistoryCase 2
        $first = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History)
        $posted = @([System.IO.File]::ReadAllLines($case.History) | Where-Object { $_ -match '"state":"Posted"' })
        [System.IO.File]::WriteAllText($case.History, ($posted -join "`r`n") + "`r`n", [System.Text.UTF8Encoding]::new($true))
        Reset-TestSandbox $Sandbox

        $again = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History -WarningVariable warnings)
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        $again.Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted'
        $again.MessageId | Should -Be $first.MessageId
        $warnings | Should -BeNullOrEmpty
        @(Get-ZApiStatusHistory $case.History).Count | Should -Be 2
    }

    It 'a history rewritten in place mid-batch (Set-Content with a BOM) is read again: what it holds is not posted twice' {
        $case = New-HistoryCase 3
        $null = @($case.Files[0], $case.Files[1] | Send-ZApiImageStatus -HistoryPath $case.History)
        Reset-TestSandbox $Sandbox

        # The new image first; then, before the two posted ones come, the history is saved over itself, as a tidy-up does.
        $refused = $null
        $again = @($case.Files[2], $case.Files[0], $case.Files[1] | ForEach-Object {
                $_
                if ($_ -eq $case.Files[2]) {
                    try { (Get-Content -LiteralPath $case.History) | Set-Content -LiteralPath $case.History -Encoding utf8BOM -ErrorAction Stop }
                    catch { $refused = $_ }
                }
            } | Send-ZApiImageStatus -HistoryPath $case.History -WarningVariable warnings -WarningAction SilentlyContinue)
        if ($refused) {
            Set-ItResult -Skipped -Because "this file system does not let another writer into a history that a run has open: $refused"
            return
        }

        $again.Outcome | Should -Be 'Posted', 'AlreadyPosted', 'AlreadyPosted'
        @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).Count | Should -Be 1
        $warnings | Should -Match 'rewritten in place'
    }

    It 'a history saved as UTF-16 (> and Out-File in Windows PowerShell) stops Send and Get-ZApiStatusHistory and is left as it was' {
        $case = New-HistoryCase 2
        $null = $case.Files | Send-ZApiImageStatus -HistoryPath $case.History
        $lines = [System.IO.File]::ReadAllLines($case.History)
        [System.IO.File]::WriteAllText($case.History, ($lines -join "`r`n") + "`r`n", [System.Text.UnicodeEncoding]::new($false, $true))
        $before = (Get-FileHash -LiteralPath $case.History).Hash
        Reset-TestSandbox $Sandbox

        $failure = $null
        try { $case.Files | Send-ZApiImageStatus -HistoryPath $case.History }
        catch { $failure = $_ }
        Get-ErrorId $failure | Should -Be 'HistoryUnavailable'
        $failure.Exception.Message | Should -Match 'UTF-16'
        $failure.Exception.Message | Should -Match 'Set-Content .*-Encoding UTF8'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty

        $listed = @(Get-ZApiStatusHistory $case.History -ErrorVariable listing -ErrorAction SilentlyContinue)
        $listed | Should -BeNullOrEmpty
        Get-ErrorId $listing[0] | Should -Be 'HistoryUnavailable'
        $listing[0].TargetObject | Should -Be $case.History
        $listing[0].Exception.Message | Should -Match 'UTF-16'
        (Get-FileHash -LiteralPath $case.History).Hash | Should -Be $before
    }

    It 'a run through a symbolic link waits for the lock taken through the real path' {
        $case = New-HistoryCase 1
        $null = New-Item -ItemType File -Path $case.History
        $link = Join-Path $case.Folder 'link.jsonl'
        try { $null = New-Item -ItemType SymbolicLink -Path $link -Target $case.History -ErrorAction Stop }
        catch {
            Set-ItResult -Skipped -Because "this user may not create symbolic links: $_"
            return
        }

        # The lock as another process holds it, taken through the real path.
        $holder = [System.IO.File]::Open("$($case.History).lock", 'OpenOrCreate', 'ReadWrite', 'None')
        $batch = Start-ConnectedImageBatch $Sandbox $case.Files @{ HistoryPath = $link; SkipConnectionCheck = $true }
        try {
            try {
                Start-Sleep -Seconds 3
                $batch.Running.IsCompleted | Should -BeFalse -Because 'the run through the link waits for the lock that the real path holds'
                Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
            }
            finally { $holder.Dispose() }
            $null = $batch.Shell.EndInvoke($batch.Running)
        }
        finally { $batch.Shell.Dispose() }

        @($batch.Output).Outcome | Should -Be 'Posted'
        Test-Path -LiteralPath "$link.lock" | Should -BeFalse
        (Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History).Outcome | Should -Be 'AlreadyPosted'
    }

    It 'thousands of damaged lines give ten warnings that name them and one that counts the rest' {
        $case = New-HistoryCase 1
        $first = Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History
        $entries = [System.IO.File]::ReadAllText($case.History)
        [System.IO.File]::WriteAllText($case.History, ("garbage`n" * 2000) + $entries)
        Reset-TestSandbox $Sandbox

        $again = Send-ZApiImageStatus $case.Files[0] -HistoryPath $case.History -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Outcome | Should -Be 'AlreadyPosted'
        $again.MessageId | Should -Be $first.MessageId
        $warnings.Count | Should -Be 11
        Get-NamedLine $warnings | Should -Be (1..10)
        $warnings[10] | Should -Match "^1,990 more lines of the status history '.*history\.jsonl' are damaged and were skipped, the last of them line 2000;"

        $listed = @(Get-ZApiStatusHistory $case.History -WarningVariable listing -WarningAction SilentlyContinue)
        $listed.MessageId | Should -Be $first.MessageId
        $listing.Count | Should -Be 11
    }

    It 'a line longer than any entry is skipped as damaged, whole as it may be, and the rest counts' {
        $case = New-HistoryCase 2
        $first = @($case.Files | Send-ZApiImageStatus -HistoryPath $case.History)
        # Image 1's posted line (line 2) made 100 KB long by a field no entry has.
        $lines = [System.IO.File]::ReadAllLines($case.History)
        $lines[1] = $lines[1].Replace('{"v":1,', '{"v":1,"padding":"' + ('x' * 100000) + '",')
        [System.IO.File]::WriteAllText($case.History, ($lines -join "`n") + "`n")

        $listed = @(Get-ZApiStatusHistory $case.History -WarningVariable warnings -WarningAction SilentlyContinue)
        Get-NamedLine $warnings | Should -Be 2
        $warnings[0] | Should -Match 'longer than 64 KiB'
        ($listed | Where-Object Source -EQ $case.Files[1]).MessageId | Should -Be $first[1].MessageId
    }
}
