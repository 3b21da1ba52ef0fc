# Test-ZApiConnection: the instance's status, so a runbook can check before a batch.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }

    function Connect-Sandbox([string] $ClientToken = $Sandbox.ClientToken) { Connect-TestSandbox $Sandbox -ClientToken $ClientToken }
}

AfterAll { Stop-TestSandbox $Sandbox }

Describe 'the connection' {
    It 'Test-ZApiConnection reports a connected instance' {
        Connect-Sandbox
        $status = Test-ZApiConnection
        $status.Connected | Should -BeTrue
        $status.SmartphoneConnected | Should -BeTrue
    }
}
