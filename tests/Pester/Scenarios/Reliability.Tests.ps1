# A batch on a bad network day: every fault the sandbox can simulate still gives one result or one error per input;
# progress; the bad inputs that SendZApiImageAndVideoStatus.Tests.ps1 leaves out; secrets that never leave the process;
# proxies.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-reliability-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path (Join-Path $Folder 'a-directory') | Out-Null
    $script:Good = 1..6 | ForEach-Object { (New-TestImage (Join-Path $Folder "good-$_.png") png (1000 * $_)).FullName }
    $script:NotAnImage = Join-Path $Folder 'notes.jpg'
    Set-Content -LiteralPath $NotAnImage -Value 'text renamed .jpg'

    $script:ClosedPort = Get-ClosedPort

    $script:Secrets = $Sandbox.Token, $Sandbox.ClientToken, 'wrong-CLIENT-s3cret'
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'every input gives exactly one result or one error, whatever fails' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'a mixed batch through throttling, a 5xx after storing and a dropped connection' {
        Reset-TestSandbox $Sandbox @{ RateLimitCount = 2; RetryAfterSec = 0; ServerErrorAfterStoreCount = 1; DropConnectionCount = 1 }
        $missing = Join-Path $Folder 'missing.png'
        $directory = Join-Path $Folder 'a-directory'
        $inputs = $Good[0], $missing, $Good[1], $directory, $Good[2], $NotAnImage, $Good[3], $null, $Good[4], $Good[5]

        $ErrorActionPreference = 'Continue'
        $everything = @($inputs | Send-ZApiImageStatus -MaximumRetryCount 1 -RetryIntervalSec 0 2>&1)

        # One record per input, in input order: a result names its source, an error its input.
        $everything.Count | Should -Be $inputs.Count
        $accounted = $everything | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.TargetObject } else { $_.Source } }
        for ($i = 0; $i -lt $inputs.Count; $i++) { $accounted[$i] | Should -Be $inputs[$i] }

        $ids = $everything | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { Get-ErrorId $_ } else { 'posted' } }
        $ids | Should -Be 'ZApiRateLimited', 'ImageNotFound', 'ZApiOutcomeUnknown', 'PathIsDirectory', 'ZApiOutcomeUnknown',
            'UnsupportedImageType', 'posted', 'ImageNotFound', 'posted', 'posted'

        # Nothing twice: the two unknown outcomes were stored by the server and never re-sent.
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.sha256 | Should -Be ($Good[1..5] | ForEach-Object { Get-Sha256 $_ })
        ((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).statusCode | Should -Be 429, 429, 500, 0, 200, 200, 200 -Because 'the sandbox logs a dropped connection as 0'
    }

    It 'a timeout is an unknown outcome, one request, and the batch goes on' {
        Reset-TestSandbox $Sandbox @{ DelaySec = 3 }
        Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri -TimeoutSec 1
        $results = $Good[0], $Good[1] | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue

        $results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        $failures | ForEach-Object { Get-ErrorId $_ | Should -Be 'ZApiOutcomeUnknown' }
        $failures[0].Exception.Message | Should -Match 'check the phone'
        $failures.TargetObject | Should -Be $Good[0], $Good[1]
    }

    It 'a connection that is never made is retried, then stops the batch, and nothing is posted' {
        $refused = Set-ZApiConnection -InstanceId i -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri "http://127.0.0.1:$ClosedPort" -PassThru
        $stopped = $null
        $verbose = [System.Collections.Generic.List[string]]::new()
        try { $Good[0], $Good[1] | Send-ZApiImageStatus -Connection $refused -MaximumRetryCount 2 -RetryIntervalSec 0 -Verbose 3>$null 4>&1 | ForEach-Object { $verbose.Add("$_") } } catch { $stopped = $_ }

        Get-ErrorId $stopped | Should -Be 'ZApiUnreachable'
        $stopped.TargetObject | Should -Be $Good[0] -Because 'the input that used up its retries'
        $stopped.Exception.Message | Should -Match 'Nothing was posted'
        ([regex]::Matches("$($verbose -join "`n")", 'could not connect')).Count | Should -Be 2 -Because 'the second input was never tried'

        { Send-ZApiImageStatus $Good[0] -Connection $refused -MaximumRetryCount 0 -WarningVariable waits } | Should -Throw -ErrorId 'ZApiUnreachable*'
        $waits | Should -BeNullOrEmpty
    }

    It 'Ctrl+C stops within a second, sends nothing more, and keeps what was already posted' {
        Reset-TestSandbox $Sandbox @{ DelaySec = 2 }
        $batch = Start-ConnectedImageBatch $Sandbox $Good
        $shell, $output, $running = $batch.Shell, $batch.Output, $batch.Running
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while ($output.Count -lt 1 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $output.Count | Should -Be 1 -Because 'the first image is posted before we stop'

            $stopping = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopping.Elapsed.TotalSeconds | Should -BeLessThan 1
            $running.IsCompleted | Should -BeTrue

            Start-Sleep -Seconds 3   # longer than the server's delay: a request still on its way would have landed
            $output.Source | Should -Be $Good[0]
            (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Good[0])
        }
        finally { $shell.Dispose() }
    }
}

Describe 'progress' {
    It 'names the image being posted, at most once a second, clears itself, and is silent when $ProgressPreference says so' {
        Reset-TestSandbox $Sandbox
        foreach ($preference in 'Continue', 'SilentlyContinue') {
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                        param($Module, $Sandbox, $Files, $Preference)
                        $ProgressPreference = $Preference
                        Import-Module $Module
                        Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri
                        $Files | Send-ZApiImageStatus
                    }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument($Sandbox).AddArgument($Good).AddArgument($preference)
                $results = $shell.Invoke()
                $results.Count | Should -Be $Good.Count
                $records = @($shell.Streams.Progress)
                if ($preference -eq 'Continue') {
                    $records.Count | Should -Be 2 -Because 'six fast posts fit in one second: the first is shown, then the bar is cleared'
                    $records[0].Activity | Should -Be 'Posting image statuses'
                    $records[0].StatusDescription | Should -BeLike "0 posted. Posting $($Good[0]) (image/png, *"
                    $records[1].RecordType | Should -Be 'Completed'
                }
                else { $records | Should -BeNullOrEmpty }
            }
            finally { $shell.Dispose() }
        }
    }
}

Describe 'bad input that the image suite does not already cover' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'a file locked by another process is ImageUnreadable, and the batch goes on' {
        $lockedPath = (New-TestImage (Join-Path $Folder 'locked.png') png 300).FullName
        $lock = [System.IO.File]::Open($lockedPath, 'Open', 'ReadWrite', 'None')
        try { $results = $lockedPath, $Good[0] | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue }
        finally { $lock.Dispose() }

        Get-ErrorId $failures[0] | Should -Be 'ImageUnreadable'
        $failures[0].CategoryInfo.Category | Should -Be 'ReadError'
        $failures[0].TargetObject | Should -Be $lockedPath
        $results.Source | Should -Be $Good[0]
        (Get-TestSandboxStatus $Sandbox).Count | Should -Be 1
    }

    It 'a file without read permission is ImageUnreadable' {
        if ([System.IO.Path]::DirectorySeparatorChar -eq '\' -or $PSVersionTable.PSEdition -eq 'Desktop') { Set-ItResult -Skipped -Because 'Windows has no chmod 000: it runs on Linux and macOS' }
        if ((& id -u) -eq '0') { Set-ItResult -Skipped -Because 'root reads any file: it needs the suite run as a user other than root' }
        $private = (New-TestImage (Join-Path $Folder 'private.png') png 300).FullName
        & chmod 000 $private
        Send-ZApiImageStatus -LiteralPath $private -ErrorVariable failures -ErrorAction SilentlyContinue
        Get-ErrorId $failures[0] | Should -Be 'ImageUnreadable'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'a caption reaches the server byte for byte: <Name>' -TestCases @(
        @{ Name = 'quotes and backslashes'; Caption = 'She said "hi" \ C:\path\ \"escaped\"' }
        @{ Name = 'control characters'; Caption = "tab`tnewline`nreturn`rbell$([char]7)nul$([char]0)end" }
        @{ Name = 'emoji'; Caption = 'party 🎉 family 👨‍👩‍👧 flag 🇧🇷' }
        @{ Name = 'right-to-left text'; Caption = 'שלום עולם مرحبا بالعالم' }
        @{ Name = '5,000 characters'; Caption = ('0123456789' * 500) }
    ) {
        $result = Send-ZApiImageStatus $Good[0] -Caption $Caption
        $result.Caption | Should -BeExactly $Caption
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.caption | Should -BeExactly $Caption
        [System.Text.Encoding]::UTF8.GetBytes($stored.caption) | Should -Be ([System.Text.Encoding]::UTF8.GetBytes($Caption))
    }
}

Describe 'secrets never leave the process' {
    It 'no stream, error, exception chain, transcript, object or format view shows the route token or a Client-Token' {
        $transcript = Join-Path $Folder 'transcript.txt'
        Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
        $Error.Clear()
        Start-Transcript -LiteralPath $transcript | Out-Null
        try {
            $shown = & {
                $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $ErrorActionPreference = 'Continue'
                $connection = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri -PassThru
                $connection; "$connection"; $connection | Format-List * ; Get-ZApiConnection | Format-Table
                $posted = $Good[0], $Good[1] | Send-ZApiImageStatus -Caption 'c'                  # a 500 (unknown outcome), then a result
                $posted; "$posted"; $posted | Format-List *
                Test-ZApiConnection | Format-List *
                Send-ZApiTextStatus 'text' | Format-List *
                try { Send-ZApiImageStatus $Good[0] -Connection (Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri "http://127.0.0.1:$ClosedPort" -PassThru) -MaximumRetryCount 1 -RetryIntervalSec 0 } catch { $_ }
                Connect-TestSandbox $Sandbox -ClientToken 'wrong-CLIENT-s3cret'
                try { Send-ZApiImageStatus $Good[0] } catch { $_ }                                # 403 that echoes the wrong token
                try { Test-ZApiConnection } catch { $_ }
            } *>&1 | Out-String -Width 500
        }
        finally { Stop-Transcript | Out-Null }

        $errors = $Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_ | Format-List * -Force | Out-String -Width 500; $_.Exception | Format-List * -Force | Out-String -Width 500 }
        $Error.Count | Should -BeGreaterOrEqual 4 -Because 'the unknown outcome, the refused connection and the two refusals were recorded'
        $everything = $shown + ($errors -join "`n") + (Get-Content -Raw -LiteralPath $transcript)
        foreach ($secret in $Secrets) {
            $everything | Should -Not -Match ([regex]::Escape($secret))
            $everything | Should -Not -Match ([regex]::Escape([uri]::EscapeDataString($secret)))
        }

        # What verbose does show: the redacted route, the size and the time of each request.
        $everything | Should -Match ([regex]::Escape("/instances/$($Sandbox.InstanceId)/token/***/send-image-status (") + '[\d,]+ bytes\)')
        $everything | Should -Match 'HTTP 200 in [\d,]+ ms'
        $everything | Should -Match 'ZApiAuthenticationFailed'
    }
}

Describe 'proxies and TLS' {
    BeforeEach { Reset-TestSandbox $Sandbox }

    It '-Proxy sends through the given proxy (the sandbox here, standing in for one)' {
        # zapi.invalid cannot resolve: the status can only arrive through the proxy.
        $viaProxy = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri 'http://zapi.invalid' -Proxy $Sandbox.BaseUri -PassThru 3>$null
        $viaProxy.Proxy | Should -Be ([uri]$Sandbox.BaseUri)
        (Send-ZApiImageStatus $Good[0] -Connection $viaProxy).MessageId | Should -Not -BeNullOrEmpty
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Good[0])
    }

    It 'HTTP_PROXY from the environment is honoured, and NO_PROXY exempts a host' {
        if ($PSVersionTable.PSEdition -eq 'Desktop') { Set-ItResult -Skipped -Because 'Windows PowerShell takes its proxy from the Internet Options: it needs PowerShell 7' }
        $child = Get-ChildPowerShell
        $script = "`$env:HTTP_PROXY = '$($Sandbox.BaseUri)'; `$env:NO_PROXY = 'EXEMPT'; Import-Module '$env:ZAPI_TEST_MODULE'; " +
            "Set-ZApiConnection -InstanceId '$($Sandbox.InstanceId)' -Token '$($Sandbox.Token)' -ClientToken '$($Sandbox.ClientToken)' -BaseUri 'http://zapi.invalid' 3>`$null; " +
            "try { (Send-ZApiImageStatus '$($Good[0])' -MaximumRetryCount 0 -SkipConnectionCheck -ErrorAction Stop).MimeType } catch { `$_.FullyQualifiedErrorId }"

        & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script.Replace('EXEMPT', 'example.org') | Should -Be 'image/png'
        & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script.Replace('EXEMPT', 'zapi.invalid') | Should -BeLike 'ZApiUnreachable,*'
        (Get-TestSandboxStatus $Sandbox).Count | Should -Be 1
    }

    It 'Set-ZApiConnection refuses a proxy URI with a password in it, and a credential without a proxy' {
        { Set-ZApiConnection -InstanceId i -Token t -ClientToken c -Proxy 'http://user:pa55@proxy.example:8080' } | Should -Throw '*-ProxyCredential*'
        $credential = [pscredential]::new('user', (ConvertTo-SecureString 'pa55' -AsPlainText -Force))
        { Set-ZApiConnection -InstanceId i -Token t -ClientToken c -ProxyCredential $credential } | Should -Throw -ErrorId 'ProxyCredentialWithoutProxy*'
        { Set-ZApiConnection -InstanceId '  ' -Token t -ClientToken c } | Should -Throw -ErrorId 'ZApiNotConfigured*'
        { Set-ZApiConnection -InstanceId i -Token '' -ClientToken c } | Should -Throw '*empty*'
    }
}
