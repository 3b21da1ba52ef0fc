# Send-ZApiTextStatus against the sandbox: piped and CSV messages, empty ones, -WhatIf, retries and a refused token.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-texts-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'Send-ZApiTextStatus' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'posts one status per piped string, in order, byte for byte' {
        $messages = 'Good morning', "Quotes `" and \ backslash`ttab", ('long ' * 1000), "Emoji 🎉 and שלום and a`r`nnew line"
        $results = $messages | Send-ZApiTextStatus

        $results.Count | Should -Be 4
        $results[0].PSObject.TypeNames[0] | Should -Be 'ZApi.Status.TextStatusResult'
        $results.Message | Should -Be $messages
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.kind | Should -Be 'text', 'text', 'text', 'text'
        $stored.message | Should -BeExactly $messages
        $stored.id | Should -Be $results.MessageId
    }

    It 'binds -Message by property name, so a CSV batch works' {
        $csv = Join-Path $Folder 'plan.csv'
        @([pscustomobject]@{ Message = 'from a csv'; Other = 'x' }, [pscustomobject]@{ Message = 'second row'; Other = 'y' }) | Export-Csv -LiteralPath $csv
        $results = Import-Csv -LiteralPath $csv | Send-ZApiTextStatus
        $results.Message | Should -Be 'from a csv', 'second row'
    }

    It 'reports an empty or blank message with MessageEmpty and the input as target, and goes on' {
        $results = 'first', '', $null, '   ', 'last' | Send-ZApiTextStatus -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.Message | Should -Be 'first', 'last'
        $failures.Count | Should -Be 3
        $failures | ForEach-Object { Get-ErrorId $_ | Should -Be 'MessageEmpty'; $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        $failures.TargetObject | Should -Be '', $null, '   '
        @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).Count | Should -Be 2
    }

    It '-WhatIf names the message and posts nothing' {
        $shown = Invoke-ConnectedChild $Sandbox "'hello whatif' | Send-ZApiTextStatus -WhatIf"
        $shown | Should -Be 'What if: Performing the operation "Post text status" on target "hello whatif (12 characters)".'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'shares the retry rules: a 429 is retried, and the status posted once' {
        Reset-TestSandbox $Sandbox @{ RateLimitCount = 1; RetryAfterSec = 0 }
        $result = Send-ZApiTextStatus 'after a 429' -RetryIntervalSec 0
        $result.Message | Should -Be 'after a 429'
        ((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST).statusCode | Should -Be 429, 200
        (Get-TestSandboxStatus $Sandbox).Count | Should -Be 1
    }

    It 'a refused Client-Token stops the batch at the first request' {
        Connect-TestSandbox $Sandbox -ClientToken 'wrong-text-CLIENT'
        { 'one', 'two', 'three' | Send-ZApiTextStatus } | Should -Throw -ErrorId 'ZApiAuthenticationFailed*'
        (Get-TestSandboxRequest $Sandbox).Count | Should -Be 1
    }
}
