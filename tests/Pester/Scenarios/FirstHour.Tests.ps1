# What trips a new user in the first hour: an unreachable server, Ctrl+C mid-post, result tables, -WhatIf without a
# connection, progress, and the small slips in messages and help.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-firsthour-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Folder
    $script:Good = 1..3 | ForEach-Object { (New-TestImage (Join-Path $Folder "IMG-20261127-WA000$_.jpg") jpeg (1000 * $_)).FullName }
    $script:Large = (New-TestImage (Join-Path $Folder 'large.png') png (8 * 1024 * 1024)).FullName

    $script:ClosedPort = Get-ClosedPort

    # Runs $Script in a runspace of its own with the module connected to the sandbox; Stop() is Ctrl+C.
    function Start-Child([scriptblock] $Script, [object[]] $Arguments) {
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Module, $Sandbox)
                Import-Module $Module
                Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri
            }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument($Sandbox).AddStatement().AddScript($Script)
        foreach ($argument in $Arguments) { $null = $shell.AddArgument($argument) }
        $shell
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'a server that cannot be reached' {
    BeforeEach { Reset-TestSandbox $Sandbox }

    It 'shows each retry wait, then stops the whole batch at the first input with ZApiUnreachable' {
        $refused = Set-ZApiConnection -InstanceId i -Token t-SECRET -ClientToken c-SECRET -BaseUri "http://127.0.0.1:$ClosedPort" -PassThru
        $stopped = $null
        try { $Good | Send-ZApiImageStatus -Connection $refused -MaximumRetryCount 2 -RetryIntervalSec 0 -WarningVariable waits 3>$null }
        catch { $stopped = $_ }

        $stopped | Should -Not -BeNullOrEmpty -Because 'every later input would fail the same way'
        Get-ErrorId $stopped | Should -Be 'ZApiUnreachable'
        $stopped.CategoryInfo.Category | Should -Be 'ConnectionError'
        $stopped.Exception.Message | Should -Match "Nothing was posted.*Cannot connect to 127\.0\.0\.1:$ClosedPort \(.+\) after 3 attempts\. Check -BaseUri \(http://127\.0\.0\.1:$ClosedPort\), the network and the proxy; for the local sandbox, check that it is started\.$"
        $waits.Message | Should -Be @(
            "Cannot connect to 127.0.0.1:$ClosedPort ($($stopped.Exception.InnerException.InnerException.Message)); retrying in 0 s (retry 1 of 2)."
            "Cannot connect to 127.0.0.1:$ClosedPort ($($stopped.Exception.InnerException.InnerException.Message)); retrying in 0 s (retry 2 of 2).")
        "$stopped $($waits.Message)" | Should -Not -Match 'SECRET'
    }

    It 'Test-ZApiConnection says the same, without claiming anything was posted' {
        $refused = Set-ZApiConnection -InstanceId i -Token t -ClientToken c -BaseUri "http://127.0.0.1:$ClosedPort" -PassThru
        $stopped = $null
        try { Test-ZApiConnection -Connection $refused } catch { $stopped = $_ }
        Get-ErrorId $stopped | Should -Be 'ZApiUnreachable'
        $stopped.Exception.Message | Should -Match 'Check -BaseUri'
        $stopped.Exception.Message | Should -Not -Match 'posted'
    }
}

Describe 'Ctrl+C during a post' {
    It 'warns about the input in flight, which may have been posted' {
        Reset-TestSandbox $Sandbox @{ DelaySec = 2 }
        # A child PowerShell whose console shows the warning, as a user's would after Ctrl+C (a stopping pipeline
        # refuses the warning stream, so it goes to the host). The second image is in flight once the first result
        # is out: the server holds each request for two seconds before it answers.
        $script = Join-Path $Folder 'ctrl-c.ps1'
        Set-Content -LiteralPath $script -Value {
            param($Module, $InstanceId, $Token, $ClientToken, $BaseUri, $First, $Second)
            $shell = [powershell]::Create()
            $shell.Runspace = [runspacefactory]::CreateRunspace($Host)
            $shell.Runspace.Open()
            $null = $shell.AddScript({
                    param($Module, $InstanceId, $Token, $ClientToken, $BaseUri, $First, $Second)
                    Import-Module $Module
                    Set-ZApiConnection -InstanceId $InstanceId -Token $Token -ClientToken $ClientToken -BaseUri $BaseUri
                    $First, $Second | Send-ZApiImageStatus -Caption 'first light'
                }).AddParameters(@{ Module = $Module; InstanceId = $InstanceId; Token = $Token; ClientToken = $ClientToken; BaseUri = $BaseUri; First = $First; Second = $Second })
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $running = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ($output.Count -lt 1 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            Start-Sleep -Milliseconds 300
            $shell.Stop()
            'results=' + $output.Count
            'completed=' + $running.AsyncWaitHandle.WaitOne(10000)
        }.ToString()
        $child = Get-ChildPowerShell
        $output = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -File $script -Module $env:ZAPI_TEST_MODULE `
            -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri -First $Good[0] -Second $Good[1]

        $output | Should -Contain 'results=1'
        $output | Should -Contain 'completed=True'
        $warnings = @($output -replace '\e\[[0-9;]*m' | Where-Object { $_ -like 'WARNING: *' })
        $warnings.Count | Should -Be 1
        $warnings[0] | Should -Be "WARNING: Stopped while sending $($Good[1]) (image/jpeg, 2,000 bytes) with caption ""first light"": the status may or may not have been posted. Check the phone's status before you send it again."
    }

    It 'says nothing of an input that never left (stopped while waiting to connect)' {
        $shell = Start-Child { param($Port, $Files) $Files | Send-ZApiImageStatus -Connection (Set-ZApiConnection -InstanceId i -Token t -ClientToken c -BaseUri "http://127.0.0.1:$Port" -PassThru) -RetryIntervalSec 30 } -Arguments $ClosedPort, $Good
        try {
            $running = $shell.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while ($shell.Streams.Warning.Count -lt 1 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $shell.Streams.Warning[0].Message | Should -Match 'retrying in'
            $shell.Stop()
            $running.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue -Because "Stop ends the pipeline"
            @($shell.Streams.Warning).Count | Should -Be 1 -Because 'only the retry wait was shown'
        }
        finally { $shell.Dispose() }
    }
}

Describe 'result tables' {
    BeforeAll {
        $sent = [datetimeoffset]::new(2026, 11, 27, 8, 0, 0, [timespan]::Zero)
        $script:Rows = @(
            [ZApi.Status.ImageStatusResult]::new('/sdcard/DCIM/IMG-20261127-WA0001.jpg', 'Weekend by the sea 🌊 with everyone we love', 'image/jpeg', 10, 'z1', 'm1', $sent)
            [ZApi.Status.ImageStatusResult]::new('/sdcard/DCIM/IMG-20261127-WA0002.jpg', '東京の朝ごはん、とてもおいしかったです。また行きたい', 'image/jpeg', 10, 'z2', 'm2', $sent)
            [ZApi.Status.ImageStatusResult]::new('/sdcard/DCIM/IMG-20261127-WA0003.jpg', 'a🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊', 'image/jpeg', 10, 'z3', 'm3', $sent)
            [ZApi.Status.ImageStatusResult]::new('/sdcard/DCIM/IMG-20261127-WA0004.jpg', 'Boa noite ✨ Família 👨‍👩‍👧 🏖️ 🇧🇷🇵🇹', 'image/jpeg', 10, 'z4', 'm4', $sent))
        $script:Expires = $sent.AddHours(24).LocalDateTime.ToString('g')

        # Display columns of a rendered line, counted as ColumnText counts them.
        function Get-Column([string] $Line, [string] $Text) { [ZApi.Status.ColumnText]::Width($Line.Substring(0, $Line.IndexOf($Text))) }
    }

    It 'at <Width> columns: Outcome, a distinct name per row, whole characters, and the expiry column in line' -TestCases @(@{ Width = 80 }, @{ Width = 200 }) {
        $lines = ($Rows | Format-Table | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_ }
        $lines[0] | Should -Match '^Outcome\s+Expires/Due\s+Name\s+Caption$'
        $body = $lines | Select-Object -Skip 2
        foreach ($n in 1..4) { ($body -match "IMG-20261127-WA000$n\.jpg").Count | Should -Be 1 }
        foreach ($line in $body) {
            for ($i = 0; $i -lt $line.Length; $i++) {
                if ([char]::IsHighSurrogate($line[$i])) { [char]::IsLowSurrogate($line[$i + 1]) | Should -BeTrue; $i++ }
                else { [char]::IsLowSurrogate($line[$i]) | Should -BeFalse }
            }
            $line | Should -Not -Match ([char]0xFFFD)
            [ZApi.Status.ColumnText]::Width($line) | Should -BeLessOrEqual $Width
        }
        $rowsWithExpiry = $body | Where-Object { $_.Contains($Expires) }
        $rowsWithExpiry.Count | Should -Be 4
        foreach ($field in $Expires, 'IMG-20261127-WA000') {
            ($body | ForEach-Object { Get-Column $_ $field } | Select-Object -Unique).Count | Should -Be 1 -Because 'wide characters must not push another column'
        }
        ($body | Where-Object { $_ -match '^Posted ' }).Count | Should -Be 4
    }

    It 'a text status table cuts the message between characters' {
        $text = [ZApi.Status.TextStatusResult]::new(('🌊' * 40), 'z', 'm', [datetimeoffset]::Now)
        $line = ($text | Format-Table | Out-String -Width 80) -split '\r?\n' | Where-Object { $_ -match '^Posted' }
        $line | Should -Match '🌊…'
        $line | Should -Not -Match ([char]0xFFFD)
    }
}

Describe '-WhatIf without a connection' {
    It 'validates every input, names each with its caption, posts nothing, and says a real run needs a connection' {
        Reset-TestSandbox $Sandbox
        $missing = Join-Path $Folder 'missing.jpg'
        $child = Get-ChildPowerShell
        $script = "Import-Module '$env:ZAPI_TEST_MODULE'; " +
            "'$($Good[0])', '$missing', '$($Good[1])' | Send-ZApiImageStatus -Caption 'Good morning' -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned 3>`$null; " +
            "'errors=' + (`$failed | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] + ':' + `$_.TargetObject }); 'warning=' + `$warned"
        $output = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script

        $output | Should -Contain "What if: Performing the operation `"Post image status`" on target `"$($Good[0]) (image/jpeg, 1,000 bytes) with caption `"Good morning`"`"."
        $output | Should -Contain "What if: Performing the operation `"Post image status`" on target `"$($Good[1]) (image/jpeg, 2,000 bytes) with caption `"Good morning`"`"."
        $output | Should -Contain "errors=ImageNotFound:$missing"
        $output | Should -Contain 'warning=Nothing was posted, and a real run needs a connection: run Set-ZApiConnection, or set ZAPI_INSTANCE_ID, ZAPI_TOKEN and ZAPI_CLIENT_TOKEN.'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'without -WhatIf, still reports bad inputs, then stops with ZApiNotConfigured at the first one it would post' {
        $child = Get-ChildPowerShell
        $script = "Import-Module '$env:ZAPI_TEST_MODULE'; " +
            "try { '$(Join-Path $Folder 'missing.jpg')', '$($Good[0])', '$($Good[1])' | Send-ZApiImageStatus -ErrorAction Continue 2>&1 | ForEach-Object { 'error=' + `$_.FullyQualifiedErrorId.Split(',')[0] } } catch { 'stopped=' + `$_.FullyQualifiedErrorId.Split(',')[0] }"
        $output = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script
        $output | Should -Be 'error=ImageNotFound', 'stopped=ZApiNotConfigured'
    }
}

Describe 'progress' {
    It 'starts with an empty bar and counts the file''s bytes, never the encoded body''s' {
        Reset-TestSandbox $Sandbox
        $shell = Start-Child { param($File) $ProgressPreference = 'Continue'; Send-ZApiImageStatus $File } -Arguments $Large
        try {
            $null = $shell.Invoke()
            $records = @($shell.Streams.Progress | Where-Object RecordType -EQ 'Processing')
            $records[0].PercentComplete | Should -Be 0
            $size = (Get-Item $Large).Length
            $records[0].StatusDescription | Should -BeLike "0 posted. Posting $Large (image/png, $($size.ToString('N0')) bytes)"
            foreach ($record in $records | Select-Object -Skip 1) { $record.StatusDescription | Should -Match "of $([regex]::Escape($size.ToString('N0'))) bytes sent$" }
            $percents = $records.PercentComplete
            for ($i = 1; $i -lt $percents.Count; $i++) { $percents[$i] | Should -BeGreaterOrEqual $percents[$i - 1] }
        }
        finally { $shell.Dispose() }
    }
}

Describe 'small slips' {
    BeforeEach { Connect-TestSandbox $Sandbox; Reset-TestSandbox $Sandbox }

    It 'a missing file is named once' {
        $missing = Join-Path $Folder 'gone.jpg'
        Send-ZApiImageStatus -LiteralPath $missing -ErrorVariable failed -ErrorAction SilentlyContinue
        Send-ZApiImageStatus -Path $missing -ErrorVariable +failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 2
        foreach ($record in $failed) {
            Get-ErrorId $record | Should -Be 'ImageNotFound'
            ([regex]::Matches($record.Exception.Message, [regex]::Escape('gone.jpg'))).Count | Should -Be 1
        }
    }

    It 'a file that is not an image names the supported types once' {
        $notes = Join-Path $Folder 'notes.jpg'
        Set-Content -LiteralPath $notes -Value 'text renamed .jpg'
        Send-ZApiImageStatus $notes -ErrorVariable failed -ErrorAction SilentlyContinue
        Get-ErrorId $failed[0] | Should -Be 'UnsupportedImageType'
        ([regex]::Matches($failed[0].Exception.Message, 'JPEG, PNG, WebP and GIF')).Count | Should -Be 1
    }

    It 'a -Path with brackets that matches nothing suggests -LiteralPath, which then posts it' {
        $bracketed = Join-Path $Folder 'party [1].jpg'
        Copy-Item -LiteralPath $Good[0] -Destination $bracketed
        Send-ZApiImageStatus -Path $bracketed -ErrorVariable failed -ErrorAction SilentlyContinue
        Get-ErrorId $failed[0] | Should -Be 'ImageNotFound'
        $failed[0].TargetObject | Should -Be $bracketed
        $failed[0].Exception.Message | Should -Match '-LiteralPath \(in a CSV, name the column LiteralPath\)'

        [pscustomobject]@{ LiteralPath = $bracketed } | Send-ZApiImageStatus | Select-Object -ExpandProperty Source | Should -Be $bracketed
    }

    It 'every command has a HelpUri at the project''s README, for Get-Help -Online' {
        $project = (Import-PowerShellDataFile $env:ZAPI_TEST_MODULE).PrivateData.PSData.ProjectUri
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../../README.md')
        foreach ($command in Get-Command -Module ZApi.Status) {
            $command.HelpUri | Should -BeLike "$project#*" -Because $command.Name
            $anchor = $command.HelpUri.Split('#')[1]
            $readme | Should -Match "(?m)^#+ $anchor\s*$" -Because 'the anchor is a README heading'
        }
    }

    It 'a refused status check does not say "Nothing was posted"' {
        Connect-TestSandbox $Sandbox -ClientToken 'wrong-client-token'
        $stopped = $null
        try { Test-ZApiConnection } catch { $stopped = $_ }
        Get-ErrorId $stopped | Should -Be 'ZApiAuthenticationFailed'
        $stopped.Exception.Message | Should -Not -Match 'posted'
    }
}
