# Remove-ZApiQueuedMessage: cancelling what waits in Z-API's queue while the phone is offline, piped from Get-ZApiQueue,
# with the status history told, and a zaapId that no longer waits.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-queue-remove-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null

    function New-HistoryPath { Join-Path $Folder ([guid]::NewGuid().ToString('N') + '.jsonl') }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'the phone offline: Z-API queue' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        $script:History = New-HistoryPath
    }

    AfterEach { Reset-TestSandbox $Sandbox }

    It 'Remove-ZApiQueuedMessage by pipeline: -WhatIf removes nothing; for real it cancels, the history says Cancelled, and the next run posts it again' {
        $old = Send-ZApiTextStatus 'good morning' -HistoryPath $History -SkipConnectionCheck
        Send-ZApiTextStatus 'still fine' -HistoryPath $History -SkipConnectionCheck | Out-Null

        Get-ZApiQueue | Where-Object Message -EQ 'good morning' | Remove-ZApiQueuedMessage -WhatIf
        @(Get-ZApiQueue).Count | Should -Be 2

        $verbose = @(Get-ZApiQueue | Where-Object Message -EQ 'good morning' | Remove-ZApiQueuedMessage -HistoryPath $History -Confirm:$false -Verbose 4>&1)
        @($verbose | Where-Object { $_ -like 'Removed *' }) |
            Should -Match "^Removed $($old.ZaapId) from the queue; the status history records the text 'Text \(12 characters\)' as Cancelled"
        @(Get-ZApiQueue).Message | Should -Be 'still fine'
        (Get-ZApiStatusHistory -HistoryPath $History -Outcome Cancelled).ZaapId | Should -Be $old.ZaapId

        $again = Send-ZApiTextStatus 'good morning' -HistoryPath $History -SkipConnectionCheck
        $again.Outcome | Should -Be Posted
        $again.ZaapId | Should -Not -Be $old.ZaapId
        @(Get-ZApiQueue).Message | Should -Be 'still fine', 'good morning'
    }

    It 'a zaapId that no longer waits is QueuedMessageNotFound, and the next one is still cancelled' {
        $kept = Send-ZApiTextStatus 'kept' -SkipConnectionCheck

        $output = @('no-such-zaapid', $kept.ZaapId | Remove-ZApiQueuedMessage -Confirm:$false -ErrorAction Continue 2>&1)

        Get-ErrorId $output[0] | Should -Be 'QueuedMessageNotFound'
        $output[0].TargetObject | Should -Be 'no-such-zaapid'
        $output[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-ZApiQueue | Should -BeNullOrEmpty
    }
}
