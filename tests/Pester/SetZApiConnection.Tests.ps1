# What Set-ZApiConnection says when a secret it is given is empty: which parameter, and why it may be empty.
BeforeAll {
    Import-Module $env:ZAPI_TEST_MODULE -Force
}

Describe 'Set-ZApiConnection with a secret that is not there' {
    It 'an unset environment variable for -<Parameter> is named as empty, not as a type problem' -ForEach @(
        @{ Parameter = 'ClientToken'; Arguments = @{ InstanceId = 'i'; Token = 'route-tok'; ClientToken = $env:ZAPI_TEST_VARIABLE_NEVER_SET } }
        @{ Parameter = 'Token'; Arguments = @{ InstanceId = 'i'; Token = ''; ClientToken = 'client-tok' } }
    ) {
        $caught = $null
        try { Set-ZApiConnection @Arguments } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception.Message | Should -Match "parameter '$Parameter'"
        $caught.Exception.Message | Should -Match 'The value is empty'
        $caught.Exception.Message | Should -Match 'not set in this session'
    }
}
