# Runbook-grade batches: the phone check before the first post, pacing, a post budget, a calendar, the summary.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-batch-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Images = 1..6 | ForEach-Object { (New-TestImage (Join-Path $Folder "batch-$_.png") png (700 * $_)).FullName }

    function Get-Post { @((Get-TestSandboxRequest $Sandbox) | Where-Object method -EQ POST) }
    function Get-StatusCheck { @((Get-TestSandboxRequest $Sandbox) | Where-Object { $_.method -eq 'GET' -and $_.action -eq 'status' }) }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'the phone check before the first post' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'asks once per pipeline, before the first POST, and says what it found in -Verbose' {
        $verbose = $Images[0..2] | Send-ZApiImageStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String

        $requests = Get-TestSandboxRequest $Sandbox
        $requests.method | Should -Be 'GET', 'POST', 'POST', 'POST'
        $requests[0].action | Should -Be 'status'
        $verbose | Should -Match "Phone check: $($Sandbox.InstanceId): Connected=True, SmartphoneConnected=True"
    }

    It 'a disconnected instance stops the batch with one terminating error and not a single POST' {
        Reset-TestSandbox $Sandbox @{ Disconnected = $true }
        $caught = $null
        $results = $null
        try { $results = $Images[0..2] | Send-ZApiImageStatus -ErrorVariable failures }
        catch { $caught = $_ }

        Get-ErrorId $caught | Should -Be 'ZApiInstanceNotConnected'
        $caught.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $caught.TargetObject | Should -Be $Images[0]
        $caught.Exception.Message | Should -Match 'Nothing was posted'
        $results | Should -BeNullOrEmpty
        @($failures).Count | Should -Be 1
        Get-Post | Should -BeNullOrEmpty
        (Get-StatusCheck).Count | Should -Be 1
    }

    It 'a phone offline gives one warning that Z-API holds the statuses, and the posts' {
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        $results = $Images[0..2] | Send-ZApiImageStatus -WarningVariable warned -WarningAction SilentlyContinue

        $results.Source | Should -Be $Images[0..2]
        @($warned).Count | Should -Be 1
        "$warned" | Should -Match 'phone .* is offline.*holds the statuses'
        (Get-Post).Count | Should -Be 3
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be ($Images[0..2] | ForEach-Object { Get-Sha256 $_ })
    }

    It '-RequirePhoneOnline makes a phone offline a stop before any POST' {
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        { 'one', 'two' | Send-ZApiTextStatus -RequirePhoneOnline } | Should -Throw -ErrorId 'ZApiPhoneOffline*'
        Get-Post | Should -BeNullOrEmpty
        $caught = $null
        try { 'one' | Send-ZApiTextStatus -RequirePhoneOnline } catch { $caught = $_ }
        $caught.TargetObject | Should -Be 'one'
        $caught.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $caught.Exception.Message | Should -Match 'Nothing was posted, as -RequirePhoneOnline asks'
    }

    It '-SkipConnectionCheck sends no GET, so a disconnected phone is found by the first POST' {
        $results = $Images[0..1] | Send-ZApiImageStatus -SkipConnectionCheck
        $results.Count | Should -Be 2
        Get-StatusCheck | Should -BeNullOrEmpty

        Reset-TestSandbox $Sandbox @{ Disconnected = $true }
        { $Images[0..1] | Send-ZApiImageStatus -SkipConnectionCheck } | Should -Throw -ErrorId 'ZApiInstanceNotConnected*'
        (Get-TestSandboxRequest $Sandbox).method | Should -Be 'POST'
    }

    It '-WhatIf makes no request at all, and a batch of bad inputs none either' {
        $shown = Invoke-ConnectedChild $Sandbox "'$($Images[0])', '$($Images[1])' | Send-ZApiImageStatus -WhatIf"
        @($shown).Count | Should -Be 2
        $null, '' | Send-ZApiTextStatus -ErrorAction SilentlyContinue
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'a check that cannot be answered warns and lets each post report for itself' {
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        $nowhere = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri "http://127.0.0.1:$port" -PassThru
        'x' | Send-ZApiTextStatus -Connection $nowhere -MaximumRetryCount 0 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue

        "$warned" | Should -Match 'Could not check the phone'
        Get-ErrorId $failures[0] | Should -Be 'ZApiRequestFailed'
        $failures[0].TargetObject | Should -Be 'x'
    }
}
