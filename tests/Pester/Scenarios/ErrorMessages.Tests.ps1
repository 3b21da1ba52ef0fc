# What a user reads on screen names the input it is about: the record's TargetObject is not shown, the message is.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-messages-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Image = (New-TestImage (Join-Path $Folder 'holiday-beach.png') png 900).FullName
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'a failure of the exchange names its input on screen' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
    }

    It '<Id> shows the file and its caption in the message (<Fault>)' -ForEach @(
        @{ Fault = 'ServerErrorAfterStoreCount'; Id = 'ZApiOutcomeUnknown' }
        @{ Fault = 'RateLimitCount'; Id = 'ZApiRateLimited' }
    ) {
        Reset-TestSandbox $Sandbox @{ $Fault = 1 }
        $failures = $null
        Send-ZApiImageStatus -LiteralPath $Image -Caption 'Praia' -MaximumRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null

        Get-ErrorId $failures[0] | Should -Be $Id
        # The error view shows the message; the record's TargetObject stays out of sight.
        $failures[0].Exception.Message | Should -BeLike ("While posting $Image (image/png, 900 bytes) with caption `"Praia`": *")
    }

    It 'a text status is named by its start' {
        Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
        $failures = $null
        Send-ZApiTextStatus 'Open today 9-18' -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null

        $failures[0].Exception.Message | Should -BeLike 'While posting Open today 9-18 (15 characters): *'
    }
}
