# Start-ZApiSandbox: the banner of a started sandbox, the command line it builds (awkward paths included), a sandbox
# started on a damaged data folder, and a configuration out of range refused.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    $script:SandboxModule = Import-Module (Join-Path $PSScriptRoot '../../src/ZApi.Sandbox/ZApi.Sandbox.psm1') -PassThru

    # Starts $Arguments through the module's quoting and returns what the started PowerShell received, one per argument.
    function Get-ReceivedArgument([AllowEmptyString()] [string[]] $Arguments) {
        $echo = Join-Path $TestDrive 'echo-arguments.ps1'
        Set-Content -LiteralPath $echo -Value 'foreach ($a in $args) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($a)) }'
        $child = Get-ChildPowerShell
        $start = [System.Diagnostics.ProcessStartInfo]::new($child[0])
        $start.Arguments = & $SandboxModule { param($List) Join-CommandLine $List } (@($child | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $echo) + $Arguments)
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $printed = $process.StandardOutput.ReadToEnd()
        if (-not $process.WaitForExit(60000)) { $process.Kill(); throw 'The echoing PowerShell did not end within 60 s.' }
        , @($printed -split "`r?`n" | Select-Object -SkipLast 1 | ForEach-Object { [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($_)) })
    }

    $script:OnWindows = [System.IO.Path]::DirectorySeparatorChar -eq '\' -or $PSVersionTable.PSEdition -eq 'Desktop'
}

Describe 'The sandbox banner' {
    BeforeAll { $script:Sandbox = Start-TestSandbox }
    AfterAll { Stop-TestSandbox $Sandbox }

    It 'prints a Set-ZApiConnection line with the real port that, pasted into PowerShell, posts to that sandbox' {
        $line = @($Sandbox.Banner | Where-Object { $_ -match '^\s*Set-ZApiConnection ' })
        $line.Count | Should -Be 1
        # Started with --urls http://127.0.0.1:0: the line must carry the port the system chose, not 0.
        $Sandbox.BaseUri | Should -Match '^http://127\.0\.0\.1:[1-9]\d*$'
        $line[0].Trim() | Should -BeExactly ("Set-ZApiConnection -InstanceId $($Sandbox.InstanceId) -Token $($Sandbox.Token) " +
            "-ClientToken $($Sandbox.ClientToken) -BaseUri $($Sandbox.BaseUri)")
        $Sandbox.Banner | Should -Contain "Gallery: $($Sandbox.BaseUri)/"

        Reset-TestSandbox $Sandbox
        $child = Get-ChildPowerShell
        $posted = & $child[0] @($child | Select-Object -Skip 1) -NoProfile -NonInteractive -Command `
            "Import-Module '$env:ZAPI_TEST_MODULE'; $($line[0]); (Send-ZApiTextStatus -Message 'pasted from the banner').MessageId"
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.message | Should -Be 'pasted from the banner'
        $stored.id | Should -Be $posted
    }

    It 'names its own data folder, not the shared per-user one' {
        $Sandbox.Banner | Should -Contain "Data: $($Sandbox.DataPath)"
        $Sandbox.Banner | Should -Contain '  the gallery starts empty'
        ($Sandbox.Banner -join "`n") | Should -Not -Match 'per-user'
    }
}

Describe 'the command line Start-ZApiSandbox builds (Windows PowerShell 5.1 has no ArgumentList)' {
    It 'reaches the started program as exactly the arguments given: blanks, quotes, backslashes, empty, Unicode' {
        $arguments = @('plain', 'two words', "it's", 'say "hi"', 'trailing\', 'C:\Program Files\ZApi\', 'back\\slash "q\" in',
            '\\server\share\"q"', '', "tab`there", 'ünï ☀️', '%PATH% $HOME `t', '\"', '\', 'a\\b')

        $received = Get-ReceivedArgument $arguments

        ($received | ConvertTo-Json -Compress) | Should -BeExactly ($arguments | ConvertTo-Json -Compress)
    }

    It 'quotes per the C runtime rules: bare words bare, backslashes doubled only before a quote' {
        & $SandboxModule { Join-CommandLine @('a', 'b c', 'x\y', 'end\', 'q"', '', 'end two\') } |
            Should -BeExactly 'a "b c" x\y end\ "q\"" "" "end two\\"'
    }

    It 'is read as UTF-8 by Windows PowerShell 5.1 too: a byte order mark, since the demo captions hold emoji' {
        $bytes = [IO.File]::ReadAllBytes($SandboxModule.Path)
        @($bytes | Where-Object { $_ -gt 0x7F }).Count | Should -BeGreaterThan 0 -Because 'otherwise it would need no mark'
        $bytes[0..2] | Should -Be 0xEF, 0xBB, 0xBF
    }

    It 'starts the sandbox on a data folder whose path has blanks, quotes and a backslash, and uses that folder' {
        $name = if ($OnWindows) { "sandbox data it's" } else { 'sandbox data "quoted\" it''s' }
        $dataPath = Join-Path $TestDrive $name
        $sandbox = Start-ZApiSandbox -SandboxPath $env:ZAPI_TEST_SANDBOX -DataPath $dataPath -InstanceId 'i 1' -Token 't"1' -ClientToken 'c\"1'
        try {
            $sandbox.Banner | Should -Contain "Data: $dataPath"
            $answer = Invoke-RestMethod -Method Post -Uri "$($sandbox.BaseUri)/instances/i%201/token/t%221/send-text-status" `
                -Headers @{ 'Client-Token' = 'c\"1' } -ContentType 'application/json' -Body '{"message":"through an awkward path"}'
            $answer.messageId | Should -Not -BeNullOrEmpty
            Get-Content -LiteralPath (Join-Path $dataPath 'statuses.jsonl') -Raw | Should -Match 'through an awkward path'
        }
        finally { Stop-ZApiSandbox $sandbox -RemoveData }
    }
}

Describe 'a sandbox started on a damaged index' {
    It 'skips a torn line with a warning naming it, and serves the statuses around it' {
        $dataPath = Join-Path $TestDrive 'torn'
        $null = New-Item -ItemType Directory -Path $dataPath
        $now = [DateTimeOffset]::UtcNow.ToString('o')
        $good = '{"id":"A1","zaapId":"Z1","instanceId":"pester-instance","kind":"text","byteCount":0,"message":"before the crash","receivedAt":"' + $now + '"}'
        $later = '{"id":"B2","zaapId":"Z2","instanceId":"pester-instance","kind":"text","byteCount":0,"message":"after it","receivedAt":"' + $now + '"}'
        [IO.File]::WriteAllText((Join-Path $dataPath 'statuses.jsonl'), "$good`n{""id"":""C3"",""zaapId"":""Z3"",""ki`n$later`n")

        $sandbox = Start-ZApiSandbox -SandboxPath $env:ZAPI_TEST_SANDBOX -DataPath $dataPath
        try {
            $statuses = @(Invoke-RestMethod "$($sandbox.BaseUri)/_sandbox/statuses")
            $statuses.message | Should -Be 'before the crash', 'after it'
            $sandbox.Banner | Should -Contain '  2 live statuses kept from earlier runs'
        }
        finally { Stop-ZApiSandbox $sandbox -RemoveData }
        $printed = ($sandbox.Banner + $sandbox.LaterOutput.Result) -join "`n"
        $printed | Should -Match ([regex]::Escape((Join-Path $dataPath 'statuses.jsonl')) + ' line 2 is damaged and was skipped')
    }
}

Describe 'a configuration out of range' {
    It 'stops the start with exit code 1 and a message naming the key and its range, not a stack trace' {
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $start.Arguments = & $SandboxModule { param($List) Join-CommandLine $List } @($env:ZAPI_TEST_SANDBOX, '--urls', 'http://127.0.0.1:0',
            "--Sandbox:DataPath=$(Join-Path $TestDrive 'never')", '--Sandbox:Faults:DelaySec=1e308')
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $null = $process.StandardOutput.ReadToEndAsync()
        # Bounded: a sandbox that took the fault would run until stopped.
        if (-not $process.WaitForExit(60000)) { $process.Kill(); throw 'The sandbox started with DelaySec=1e308 instead of refusing it.' }

        $process.ExitCode | Should -Be 1
        $errors.Result | Should -Match '^ZApi\.Sandbox: .*Sandbox:Faults:DelaySec is 1E\+308: it must be a number of seconds from 0 to 3600\.'
        $errors.Result | Should -Not -Match '   at '
    }
}
