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
}
