# Set-ZApiConnection: secrets as SecureString or text, -PassThru for -Connection, the base URIs it refuses or warns
# about, what it says when a secret is empty; and the environment variables that stand in for it in a fresh runspace.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-connection-" + [guid]::NewGuid().ToString('N'))
    $script:Images = Join-Path $Folder 'week12'
    New-Item -ItemType Directory -Path $Images | Out-Null
    New-TestImage (Join-Path $Images 'a-first.png') png 5000 | Out-Null

    function Connect-Sandbox([string] $ClientToken = $Sandbox.ClientToken) { Connect-TestSandbox $Sandbox -ClientToken $ClientToken }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
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

Describe 'the connection' {
    It 'Set-ZApiConnection takes SecureString and -PassThru gives a connection for -Connection' {
        $connection = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token (ConvertTo-SecureString $Sandbox.Token -AsPlainText -Force) `
            -ClientToken (ConvertTo-SecureString $Sandbox.ClientToken -AsPlainText -Force) -BaseUri $Sandbox.BaseUri -PassThru
        Set-ZApiConnection -InstanceId other -Token x -ClientToken y -BaseUri 'http://127.0.0.1:9'
        Reset-TestSandbox $Sandbox
        (Send-ZApiImageStatus (Join-Path $Images 'a-first.png') -Connection $connection).MessageId | Should -Not -BeNullOrEmpty
    }

    It 'Set-ZApiConnection refuses a base URI that is not absolute http(s)' {
        { Set-ZApiConnection -InstanceId i -Token t -ClientToken c -BaseUri 'ftp://example.org' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'Set-ZApiConnection warns when http would carry the tokens off this machine' {
        Set-ZApiConnection -InstanceId i -Token t -ClientToken c -BaseUri 'http://example.org' -WarningVariable warned 3>$null
        $warned | Should -Match 'clear text'
    }

    It 'a fresh runspace uses the environment variables, and says so when they are missing' {
        $runspace = [powershell]::Create()
        try {
            $null = $runspace.AddScript({
                    param($Module, $Image)
                    Import-Module $Module
                    try { Send-ZApiImageStatus $Image -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
                }).AddArgument($env:ZAPI_TEST_MODULE).AddArgument((Join-Path $Images 'a-first.png'))
            ($runspace.Invoke() | Select-Object -First 1) | Should -BeLike 'ZApiNotConfigured,*'

            $env:ZAPI_INSTANCE_ID = $Sandbox.InstanceId; $env:ZAPI_TOKEN = $Sandbox.Token
            $env:ZAPI_CLIENT_TOKEN = $Sandbox.ClientToken; $env:ZAPI_BASE_URI = $Sandbox.BaseUri
            Reset-TestSandbox $Sandbox
            $result = $runspace.Invoke() | Select-Object -First 1
            $result.Source | Should -Be (Join-Path $Images 'a-first.png')
            (Get-TestSandboxStatus $Sandbox).Count | Should -Be 1
        }
        finally {
            foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
            $runspace.Dispose()
        }
    }
}
