# Get-ZApiQueue: what waits in Z-API's queue while the phone is offline, across pages, as typed objects.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
}

AfterAll { Stop-TestSandbox $Sandbox }

Describe 'the phone offline: Z-API queue' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
    }

    AfterEach { Reset-TestSandbox $Sandbox }

    It 'Get-ZApiQueue lists every queued status, across pages, as typed objects with a table view' {
        $sent = @(1..35 | ForEach-Object { "queued $_" } | Send-ZApiTextStatus -SkipConnectionCheck)

        $queue = @(Get-ZApiQueue)

        $queue.Count | Should -Be 35
        $queue[0] | Should -BeOfType ZApi.Status.ZApiQueuedMessage
        $queue.ZaapId | Should -Be $sent.ZaapId
        $queue[0].Message | Should -Be 'queued 1'
        $queue[0].Created.Kind | Should -Be 'Local'
        $queue[0].Created | Should -BeGreaterThan (Get-Date).AddMinutes(-5)
        @((Get-TestSandboxRequest $Sandbox) | Where-Object { $_.action -eq 'queue' }).Count | Should -BeGreaterThan 1 -Because 'the sandbox pages by at most 30'
        ($queue | Format-Table | Out-String -Width 80) | Should -Match ([regex]::Escape($sent[0].ZaapId))
    }
}
