# Get-ZApiQueue: what waits in Z-API's queue while the phone is offline, across pages, as typed objects.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-queue-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null

    function New-HistoryPath { Join-Path $Folder ([guid]::NewGuid().ToString('N') + '.jsonl') }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'the phone offline: Z-API queue' {
    BeforeAll {
        # The sandbox's queue routes: without them (an older sandbox), these tests report themselves skipped.
        Reset-TestSandbox $Sandbox
        $probe = Invoke-WebRequest -Method Post -Uri "$($Sandbox.BaseUri)/instances/$($Sandbox.InstanceId)/token/$($Sandbox.Token)/queue" `
            -Headers @{ 'Client-Token' = $Sandbox.ClientToken } -ContentType 'application/json' -Body '{}' -SkipHttpErrorCheck
        $script:HasQueue = $probe.StatusCode -eq 200
    }

    BeforeEach {
        if (-not $HasQueue) { Set-ItResult -Skipped -Because 'the sandbox has no queue routes yet' }
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        $script:History = New-HistoryPath
    }

    AfterEach { if ($HasQueue) { Reset-TestSandbox $Sandbox } }

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
