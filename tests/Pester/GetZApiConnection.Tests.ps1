# Get-ZApiConnection: the session's connection, with both secrets masked in every view.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }

    function Connect-Sandbox([string] $ClientToken = $Sandbox.ClientToken) { Connect-TestSandbox $Sandbox -ClientToken $ClientToken }
}

AfterAll { Stop-TestSandbox $Sandbox }

Describe 'the connection' {
    It 'Get-ZApiConnection shows the connection with both secrets masked' {
        Connect-Sandbox
        $connection = Get-ZApiConnection
        $connection.InstanceId | Should -Be $Sandbox.InstanceId
        $shown = ($connection | Out-String) + ($connection | Format-List * | Out-String) + $connection.ToString()
        $shown | Should -Not -Match ([regex]::Escape($Sandbox.Token))
        $shown | Should -Not -Match ([regex]::Escape($Sandbox.ClientToken))
        $connection.ToString() | Should -Match '/token/\*\*\*/'
    }
}
