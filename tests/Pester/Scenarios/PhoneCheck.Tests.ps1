# The check before the first post keeps a batch waiting when Z-API is slow: the user sees why at once.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-phonecheck-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Image = (New-TestImage (Join-Path $Folder 'a.png') png 900).FullName
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'a slow phone check' {
    It 'is on the progress bar while it waits, and in -Verbose from its first moment' {
        Reset-TestSandbox $Sandbox @{ DelaySec = 2 }
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Module, $Sandbox, $File)
                    $ProgressPreference = 'Continue'
                    $VerbosePreference = 'Continue'
                    Import-Module $Module
                    Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri
                    Send-ZApiImageStatus -LiteralPath $File
                }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument($Sandbox).AddArgument($Image)
            $null = $shell.Invoke()

            @($shell.Streams.Progress)[0].StatusDescription | Should -Be "Checking that the phone of instance $($Sandbox.InstanceId) is online before the first post"
            $verbose = @($shell.Streams.Verbose | ForEach-Object Message)
            $first = [array]::FindIndex([string[]]$verbose, [Predicate[string]] { param($line) $line -like 'Checking that the phone is online before the first post*' })
            $first | Should -BeGreaterOrEqual 0
            $verbose[$first + 1] | Should -BeLike 'GET http*/instances/*/token/***/status'
        }
        finally { $shell.Dispose() }
    }
}
