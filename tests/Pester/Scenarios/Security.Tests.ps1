# Odd files, odd secrets and misbehaving answers: what reaches the server, what each case yields, and that no
# secret shows anywhere a user or a log could see it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-security-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Real = (New-TestImage (Join-Path $Folder 'real.png') png 70000).FullName

    # Runs $Script in a child PowerShell connected to the sandbox, and gives up (killing it) after a minute: a guard
    # against an open that blocks, never a speed assertion.
    function Invoke-BoundedChild([string] $Script) {
        $child = Get-ChildPowerShell
        $connect = "Import-Module '$env:ZAPI_TEST_MODULE'; " +
            "Set-ZApiConnection -InstanceId '$($Sandbox.InstanceId)' -Token '$($Sandbox.Token)' -ClientToken '$($Sandbox.ClientToken)' -BaseUri '$($Sandbox.BaseUri)'; "
        $start = New-ProcessStart $child[0] (@($child | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $connect + $Script))
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $output = $process.StandardOutput.ReadToEndAsync()
        $errors = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(60000)) { $process.Kill($true); throw 'the child PowerShell was blocked' }
        $output.Result + $errors.Result
    }

    # A raw-socket server in a background runspace that gives every request the same answer, for answers the
    # sandbox never gives. Serves at most 20 connections; .Requests counts the requests it read.
    function Start-RawAnswer([int] $Status, [string] $Body) {
        $state = [hashtable]::Synchronized(@{ Requests = 0 })
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $shell = [powershell]::Create().AddScript({
            param($Listener, $State, $Status, $Body)
            for ($i = 0; $i -lt 20; $i++) {
                try { $client = $Listener.AcceptTcpClient() } catch { return }
                try {
                    $stream = $client.GetStream()
                    $head = [System.Text.StringBuilder]::new()
                    while (-not $head.ToString().EndsWith("`r`n`r`n")) { $b = $stream.ReadByte(); if ($b -lt 0) { break }; [void]$head.Append([char]$b) }
                    $length = if ($head.ToString() -match '(?im)^Content-Length:\s*(\d+)') { [long]$Matches[1] } else { 0 }
                    $buffer = [byte[]]::new(65536)
                    while ($length -gt 0) { $read = $stream.Read($buffer, 0, [Math]::Min($buffer.Length, $length)); if ($read -le 0) { break }; $length -= $read }
                    $State.Requests++
                    $content = [System.Text.Encoding]::UTF8.GetBytes($Body)
                    $answer = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.1 $Status X`r`nContent-Type: application/json`r`nContent-Length: $($content.Length)`r`nConnection: close`r`n`r`n")
                    $stream.Write($answer, 0, $answer.Length); $stream.Write($content, 0, $content.Length); $stream.Flush()
                }
                finally { $client.Dispose() }
            }
        }).AddArgument($listener).AddArgument($state).AddArgument($Status).AddArgument($Body)
        $handle = $shell.BeginInvoke()
        [pscustomobject]@{ BaseUri = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"; State = $state; Listener = $listener; Shell = $shell; Handle = $handle }
    }

    function Stop-RawAnswer($Server) {
        $Server.Listener.Stop()
        [void]$Server.Handle.AsyncWaitHandle.WaitOne(10000)
        $Server.Shell.Dispose()
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'links, pipes and files that change' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'a symbolic link, and a link to a link, post the bytes of their final target' {
        $link = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'link.png') -Target $Real
        $chain = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'chain.png') -Target $link.FullName

        $results = $link.FullName, $chain.FullName | Send-ZApiImageStatus -Caption linked
        $results.Source | Should -Be $link.FullName, $chain.FullName
        $results.ByteCount | Should -Be 70000, 70000
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Real), (Get-Sha256 $Real)
    }

    It 'Get-ChildItem of a folder of links posts each target' {
        $album = New-Item -ItemType Directory -Path (Join-Path $Folder 'album')
        New-Item -ItemType SymbolicLink -Path (Join-Path $album 'a.png') -Target $Real | Out-Null
        (Get-ChildItem $album | Send-ZApiImageStatus).ByteCount | Should -Be 70000
    }

    It 'a FIFO, or a link to one, is refused at once with -WhatIf and without, and the batch goes on' -Skip:([System.IO.Path]::DirectorySeparatorChar -eq '\') {
        $fifo = Join-Path $Folder 'pipe.png'
        & mkfifo $fifo
        $toFifo = (New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'to-pipe.png') -Target $fifo).FullName

        $shown = Invoke-BoundedChild @"
'$fifo', '$toFifo', '$Real' | Send-ZApiImageStatus -WhatIf -ErrorVariable whatIfFailures -ErrorAction SilentlyContinue
'$fifo', '$toFifo', '$Real' | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue | ForEach-Object { 'posted ' + `$_.Source }
(`$whatIfFailures + `$failures) | ForEach-Object { 'failed ' + `$_.FullyQualifiedErrorId.Split(',')[0] + ' ' + `$_.TargetObject + ' ' + (`$_.Exception.Message -match 'not a regular file') }
"@
        $lines = $shown -split "`r?`n" | Where-Object { $_ -match '^(posted|failed) ' }
        $lines | Should -Be "posted $Real", "failed ImageUnreadable $fifo True", "failed ImageUnreadable $toFifo True",
            "failed ImageUnreadable $fifo True", "failed ImageUnreadable $toFifo True"
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Real)
    }

    It 'a dangling link is not found, a link to a folder is a directory' {
        $dangling = (New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'dangling.png') -Target (Join-Path $Folder 'gone.png')).FullName
        $toFolder = (New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'folder.png') -Target $Folder).FullName
        $dangling, $toFolder | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures | ForEach-Object { Get-ErrorId $_ } | Should -Be 'ImageNotFound', 'PathIsDirectory'
        $failures.TargetObject | Should -Be $dangling, $toFolder
    }
}

Describe 'secrets in serialised objects, transcripts and messages' {
    BeforeAll {
        # Every encoding a serialiser or a log could give a secret in: plain, UTF-16 (also as hex), UTF-8 hex, Base64.
        function Get-SecretForm([string] $Secret) {
            $utf8 = [System.Text.Encoding]::UTF8.GetBytes($Secret)
            $utf16 = [System.Text.Encoding]::Unicode.GetBytes($Secret)
            $Secret
            [System.Text.Encoding]::Unicode.GetString([System.Text.Encoding]::UTF8.GetBytes($Secret))
            [System.BitConverter]::ToString($utf8).Replace('-', '')
            [System.BitConverter]::ToString($utf16).Replace('-', '')
            [System.Convert]::ToBase64String($utf8)
            [System.Convert]::ToBase64String($utf16)
        }

        function Assert-NoSecret([string] $Path, [string[]] $Secrets) {
            $bytes = [System.IO.File]::ReadAllBytes($Path)
            $texts = [System.Text.Encoding]::UTF8.GetString($bytes), [System.Text.Encoding]::Unicode.GetString($bytes)
            foreach ($secret in $Secrets) {
                foreach ($form in Get-SecretForm $secret) {
                    foreach ($text in $texts) { $text.Contains($form, [System.StringComparison]::OrdinalIgnoreCase) | Should -BeFalse -Because "'$Path' must not hold '$secret' as '$form'" }
                }
            }
        }

        $script:ClosedPort = Get-ClosedPort
    }

    It 'Export-Clixml of a connection holds neither token in any encoding' {
        $connection = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri -PassThru
        $file = Join-Path $Folder 'connection.clixml'
        $connection | Export-Clixml -LiteralPath $file -Depth 5
        Get-Content -Raw -LiteralPath $file | Should -Match ([regex]::Escape($Sandbox.InstanceId)) -Because 'the file is the connection'
        Assert-NoSecret $file $Sandbox.Token, $Sandbox.ClientToken
    }

    It 'Export-Clixml of the error when Test-ZApiConnection -Connection fails holds neither token' {
        $refused = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken 'wrong-CLIENT-s3cret' -BaseUri $Sandbox.BaseUri -PassThru
        $caught = $null
        try { Test-ZApiConnection -Connection $refused } catch { $caught = $_ }

        Get-ErrorId $caught | Should -Be 'ZApiAuthenticationFailed'
        $caught.TargetObject | Should -BeOfType [string]
        $caught.TargetObject | Should -Match '/token/\*\*\*/'
        $file = Join-Path $Folder 'error.clixml'
        $caught | Export-Clixml -LiteralPath $file -Depth 5
        Assert-NoSecret $file $Sandbox.Token, 'wrong-CLIENT-s3cret'
    }

    It 'proxy passwords from HTTPS_PROXY, HTTP_PROXY and -ProxyCredential reach no transcript, Verbose line or error' {
        $transcript = Join-Path $Folder 'transcript.txt'
        $envPassword = 'ENV-pr0xy-pa55'
        $credentialPassword = 'CRED-pr0xy-pa55'
        # The passwords reach the child through its environment, never its command line, which error views quote.
        $script = @"
Start-Transcript -LiteralPath '$transcript' | Out-Null
`$credential = [pscredential]::new('cred-user', (ConvertTo-SecureString `$env:ZAPI_TEST_PROXY_PASSWORD -AsPlainText -Force))
Set-ZApiConnection -InstanceId i -Token tok -ClientToken ct -BaseUri 'http://zapi.example' -Proxy 'http://127.0.0.1:$ClosedPort' -ProxyCredential `$credential
Send-ZApiTextStatus hello -MaximumRetryCount 1 -RetryIntervalSec 0 -Verbose -ErrorAction Continue
Set-ZApiConnection -InstanceId i -Token tok -ClientToken ct -BaseUri 'https://zapi.example'
Send-ZApiTextStatus hello -MaximumRetryCount 0 -Verbose -ErrorAction Continue
`$Error | ForEach-Object { `$_.Exception.ToString() } | Out-Host
`$Error | Format-List * -Force | Out-Host
Stop-Transcript | Out-Null
"@
        $saved = $env:HTTPS_PROXY, $env:HTTP_PROXY, $env:NO_PROXY
        try {
            $env:HTTPS_PROXY = $env:HTTP_PROXY = "http://env-user:$envPassword@127.0.0.1:$ClosedPort"
            $env:NO_PROXY = $null
            $env:ZAPI_TEST_PROXY_PASSWORD = $credentialPassword
            $shown = Invoke-BoundedChild $script
        }
        finally {
            $env:HTTPS_PROXY, $env:HTTP_PROXY, $env:NO_PROXY = $saved
            $env:ZAPI_TEST_PROXY_PASSWORD = $null
        }

        $shown | Should -Match 'ZApiUnreachable' -Because 'both requests fail to reach their proxy'
        Set-Content -LiteralPath (Join-Path $Folder 'shown.txt') -Value $shown
        Assert-NoSecret $transcript $envPassword, $credentialPassword
        Assert-NoSecret (Join-Path $Folder 'shown.txt') $envPassword, $credentialPassword
    }
}

Describe 'malformed secrets are trimmed or refused before any request' {
    BeforeEach { Reset-TestSandbox $Sandbox }

    It 'a Client-Token with a line break inside is refused with ZApiNotConfigured, naming the parameter, and nothing is sent' {
        $caught = $null
        try { Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken "$($Sandbox.ClientToken)`r`nX-Injected: yes" -BaseUri $Sandbox.BaseUri }
        catch { $caught = $_ }
        Get-ErrorId $caught | Should -Be 'ZApiNotConfigured'
        $caught.Exception.Message | Should -Match '^-ClientToken holds a line break'
        $caught.Exception.Message | Should -Not -Match 'Injected'
        (Get-TestSandboxRequest $Sandbox).Count | Should -Be 0
    }

    It 'a token with a trailing newline, as Get-Content -Raw gives it, posts with the trimmed token' {
        Set-ZApiConnection -InstanceId "$($Sandbox.InstanceId)`n" -Token "$($Sandbox.Token)`r`n" -ClientToken "$($Sandbox.ClientToken)`n" -BaseUri $Sandbox.BaseUri
        (Send-ZApiImageStatus -LiteralPath $Real).Outcome | Should -Be 'Posted'
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Real)
    }

    It 'in the environment: a blank ZAPI_TOKEN is not set, "." as the instance id is refused, a trailing newline is trimmed' {
        $names = 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI'
        $script = "Send-ZApiImageStatus -LiteralPath '$Real' -ErrorAction Stop | ForEach-Object { 'posted' }"
        $child = Get-ChildPowerShell
        $run = {
            param($Values)
            for ($i = 0; $i -lt 4; $i++) { Set-Item "Env:$($names[$i])" $Values[$i] }
            try { & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module '$env:ZAPI_TEST_MODULE'; try { $script } catch { `$_.FullyQualifiedErrorId + ' ' + `$_.Exception.Message }" }
            finally { $names | ForEach-Object { Remove-Item "Env:$_" -ErrorAction SilentlyContinue } }
        }

        & $run @($Sandbox.InstanceId, '  ', $Sandbox.ClientToken, $Sandbox.BaseUri) | Should -BeLike 'ZApiNotConfigured,*No Z-API connection is set*'
        & $run @('..', $Sandbox.Token, $Sandbox.ClientToken, $Sandbox.BaseUri) | Should -BeLike "ZApiNotConfigured,*ZAPI_INSTANCE_ID is '..'*"
        & $run @($Sandbox.InstanceId, "$($Sandbox.Token)`n", "$($Sandbox.ClientToken)`r`n", $Sandbox.BaseUri) | Should -Be 'posted'
        @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ 'POST').Count | Should -Be 1
    }
}

Describe 'answers and failures get the right label, one record per input' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'Z-API''s 400 "not allowed" stops the batch at the first input as ZApiAuthenticationFailed' {
        $server = Start-RawAnswer 400 ('{"error":"Client-Token ' + $Sandbox.ClientToken + ' not allowed"}')
        try {
            Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $server.BaseUri
            $caught = $null
            try { 'one', 'two', 'three' | Send-ZApiTextStatus } catch { $caught = $_ }
            Get-ErrorId $caught | Should -Be 'ZApiAuthenticationFailed'
            $caught.TargetObject | Should -Be 'one'
            $caught.Exception.Message | Should -Not -Match ([regex]::Escape($Sandbox.ClientToken))
            $server.State.Requests | Should -Be 1
        }
        finally { Stop-RawAnswer $server }
    }

    It 'a 200 without ids is an unknown outcome for that input, and the batch goes on' {
        $server = Start-RawAnswer 200 '{"value":true}'
        try {
            Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $server.BaseUri
            'one', 'two' | Send-ZApiTextStatus -SkipConnectionCheck -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $failures | ForEach-Object { Get-ErrorId $_ } | Should -Be 'ZApiOutcomeUnknown', 'ZApiOutcomeUnknown'
            $failures.TargetObject | Should -Be 'one', 'two'
            $failures[0].Exception.Message | Should -Match 'check the phone'
            $server.State.Requests | Should -Be 2
        }
        finally { Stop-RawAnswer $server }
    }

    It 'a file that vanishes during a Retry-After wait is that input''s error, and later inputs still get their records' {
        $first = (New-TestImage (Join-Path $Folder 'vanishing.png') png 3000).FullName
        Reset-TestSandbox $Sandbox @{ RateLimitCount = 1; RetryAfterSec = 3 }
        # Deletes the file once the sandbox has throttled its first request: a bounded poll, not a timed guess.
        $job = Start-ThreadJob -ArgumentList "$($Sandbox.BaseUri)/_sandbox/requests", $first {
            param($Requests, $Path)
            for ($i = 0; $i -lt 200; $i++) {
                if (@(Invoke-RestMethod $Requests).Count -ge 1) { Remove-Item -LiteralPath $Path; return 'deleted' }
                Start-Sleep -Milliseconds 50
            }
        }

        $results = $first, $Real | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue
        $job | Wait-Job -Timeout 60 | Receive-Job | Should -Be 'deleted'
        $job | Remove-Job -Force

        Get-ErrorId $failures[0] | Should -Be 'ImageUnreadable'
        $failures[0].TargetObject | Should -Be $first
        $failures[0].Exception.Message | Should -Match 'Nothing was posted'
        $results.Source | Should -Be $Real
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Real)
    }
}

Describe 'what is posted is what was given, and what is shown hides passwords' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'a CSV Path that exists as written is taken literally, never as a wildcard that matches another file' {
        $csvFolder = New-Item -ItemType Directory -Path (Join-Path $Folder 'csv') -Force
        $bracket = (New-TestImage (Join-Path $csvFolder 'photo [1].png') png 1111).FullName
        $other = (New-TestImage (Join-Path $csvFolder 'photo 1.png') png 2222).FullName
        $plan = Join-Path $csvFolder 'plan.csv'
        [pscustomobject]@{ Path = $bracket; Caption = 'the bracket one' } | Export-Csv -LiteralPath $plan -NoTypeInformation

        $result = Import-Csv -LiteralPath $plan | Send-ZApiImageStatus
        $result.Source | Should -Be $bracket
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $bracket)
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Not -Be (Get-Sha256 $other)

        # The README's recipe: a LiteralPath column.
        Reset-TestSandbox $Sandbox
        (Import-Csv -LiteralPath $plan | Select-Object @{ n = 'LiteralPath'; e = { $_.Path } }, Caption | Send-ZApiImageStatus).Source | Should -Be $bracket
    }

    It 'a caption or message with a lone surrogate is refused with InvalidUnicodeText and nothing is posted' {
        $lone = 'cut ' + [char]0xD83C
        Send-ZApiTextStatus -Message $lone -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Send-ZApiImageStatus -LiteralPath $Real -Caption $lone -ErrorVariable +failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures | ForEach-Object { Get-ErrorId $_ } | Should -Be 'InvalidUnicodeText', 'InvalidUnicodeText'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-TestSandboxRequest $Sandbox).Count | Should -Be 0
    }

    It 'a link with user:password@ reaches Z-API as given, and Source, -WhatIf, Verbose and errors mask it' {
        $link = 'https://someone:L1NK-pa55@example.org/a.png'
        # -WhatIf writes to the host, so a child PowerShell's output is where it shows.
        $shown = Invoke-ConnectedChild $Sandbox "Send-ZApiImageStatus -Uri '$link' -WhatIf -Verbose" *>&1 | Out-String
        $result = Send-ZApiImageStatus -Uri $link -Verbose 4>&1 | Tee-Object -Variable everything | Where-Object { $_ -is [ZApi.Status.ImageStatusResult] }
        $bad = 'ftp://someone:L1NK-pa55@example.org/a.png'
        Send-ZApiImageStatus -Uri $bad -ErrorVariable failures -ErrorAction SilentlyContinue

        (Get-TestSandboxStatus $Sandbox).link | Should -Be $link
        $result.Source | Should -Be 'https://***@example.org/a.png'
        $shown | Should -Match ([regex]::Escape('https://***@example.org/a.png'))
        Get-ErrorId $failures[0] | Should -Be 'InvalidImageUri'
        ($shown + ($everything | Out-String) + ($failures | Out-String) + $failures[0].TargetObject + $failures[0].Exception.Message) | Should -Not -Match 'L1NK-pa55'
    }

    It 'a signed link (an Azure SAS, a presigned S3 URL) reaches Z-API as given, and Source, -WhatIf, Verbose and errors mask its signature' {
        $links = @(
            'https://acct.blob.core.windows.net/photos/a.png?sv=2022-11-02&sp=r&se=2030-01-01&sig=BL0B-S1G%2Bx%3D'
            'https://bucket.s3.amazonaws.com/a.png?X-Amz-Credential=AKIA%2F20261206&X-Amz-Security-Token=S3-T0KEN&X-Amz-Signature=S3-S1GNATURE'
        )
        $secrets = 'BL0B-S1G', 'S3-T0KEN', 'S3-S1GNATURE'
        $shown = Invoke-ConnectedChild $Sandbox ("Send-ZApiImageStatus -Uri '$($links[0])', '$($links[1])' -WhatIf -Verbose") *>&1 | Out-String
        $results = @(Send-ZApiImageStatus -Uri $links -Verbose 4>&1 | Tee-Object -Variable everything | Where-Object { $_ -is [ZApi.Status.ImageStatusResult] })
        Send-ZApiImageStatus -Uri ($links[0] -replace '^https', 'ftp') -ErrorVariable failures -ErrorAction SilentlyContinue

        (Get-TestSandboxStatus $Sandbox).link | Should -Be $links
        $results.Source | Should -Be @(
            'https://acct.blob.core.windows.net/photos/a.png?sv=2022-11-02&sp=r&se=2030-01-01&sig=***'
            'https://bucket.s3.amazonaws.com/a.png?X-Amz-Credential=AKIA%2F20261206&X-Amz-Security-Token=***&X-Amz-Signature=***'
        )
        Get-ErrorId $failures[0] | Should -Be 'InvalidImageUri'
        $everywhere = $shown + ($everything | Out-String) + ($results | Format-List * | Out-String) + ($failures | Out-String) + $failures[0].TargetObject + $failures[0].Exception.Message
        foreach ($secret in $secrets) { $everywhere | Should -Not -Match $secret }
        $shown | Should -Match ([regex]::Escape('sig=***'))
    }

    It '-Base64 over the limit is refused by its length' {
        $text = 'A' * (4 * 1MB)
        Send-ZApiImageStatus -Base64 $text -MaximumImageBytes 1MB -ErrorVariable failures -ErrorAction SilentlyContinue
        Get-ErrorId $failures[0] | Should -Be 'ImageTooLarge'
        $failures[0].Exception.Message | Should -Match '3,145,728 bytes'
    }
}
