# Every way a batch stops before or during its first post: one terminating error with the right id, nothing posted,
# and the ZApi.Summary record written first, whatever stopped it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-stops-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Image = (New-TestImage (Join-Path $Folder 'a.png') png 900).FullName
    $script:NotAFolder = (New-TestImage (Join-Path $Folder 'not-a-folder') png 100).FullName

    # Runs one Send-ZApiImageStatus; returns the terminating error and the summaries it wrote.
    function Invoke-Stopped([hashtable] $Parameters) {
        $info = $null
        $stop = $null
        try {
            Send-ZApiImageStatus -LiteralPath $Image @Parameters -InformationVariable info -ErrorAction Stop | Out-Null
        }
        catch {
            $stop = $_
        }

        [pscustomobject]@{ Stop = $stop; Summaries = @($info | Where-Object Tags -Contains 'ZApi.Summary') }
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'a batch that stops' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'writes its summary when the status history cannot be opened (<Name>)' -ForEach @(
        @{ Name = 'HistoryUnavailable'; Content = $null }
        @{ Name = 'HistoryFormatUnsupported'; Content = '{"v":2,"key":"0000000000000000000000000000000000000000000000000000000000000000"}' }
    ) {
        $history = if ($Content) { Join-Path $Folder "newer-$Name.jsonl" } else { Join-Path $NotAFolder 'history.jsonl' }
        if ($Content) { Set-Content -LiteralPath $history -Value $Content }

        $run = Invoke-Stopped @{ HistoryPath = $history }

        Get-ErrorId $run.Stop | Should -Be $Name
        $run.Summaries.Count | Should -Be 1
        $run.Summaries[0].MessageData.Errors[$Name] | Should -Be 1
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It '-RequirePhoneOnline fails closed when the phone check cannot tell (silence past -TimeoutSec)' {
        Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri -TimeoutSec 1
        Reset-TestSandbox $Sandbox @{ DelaySec = 3 }

        $run = Invoke-Stopped @{ RequirePhoneOnline = $true; MaximumRetryCount = 0 }

        Get-ErrorId $run.Stop | Should -Be 'ZApiPhoneCheckFailed'
        $run.Stop.Exception.Message | Should -Match '^Nothing was posted: -RequirePhoneOnline'
        $run.Summaries.Count | Should -Be 1
        @(Get-TestSandboxRequest $Sandbox | Where-Object method -EQ POST) | Should -BeNullOrEmpty
    }

    It 'Ctrl+C while another process holds the history lock ends the wait at once, with nothing claimed' {
        $history = Join-Path $Folder 'locked.jsonl'
        Set-Content -LiteralPath $history -Value $null
        $lock = [System.IO.FileStream]::new("$history.lock", 'OpenOrCreate', 'ReadWrite', 'None')
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Module, $Sandbox, $File, $History)
                    Import-Module $Module
                    Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri
                    Send-ZApiImageStatus -LiteralPath $File -HistoryPath $History
                }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument($Sandbox).AddArgument($Image).AddArgument($history)
            $running = $shell.BeginInvoke()
            Start-Sleep -Seconds 2
            $running.IsCompleted | Should -BeFalse -Because 'the run waits for the lock another process holds (for up to 30 s)'

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'Ctrl+C ends the wait for the lock at once'
        }
        finally {
            $lock.Dispose()
            $shell.Dispose()
        }

        Get-Content -LiteralPath $history | Should -BeNullOrEmpty -Because 'nothing was claimed'
        @(Get-TestSandboxRequest $Sandbox | Where-Object method -EQ POST) | Should -BeNullOrEmpty
    }
}
