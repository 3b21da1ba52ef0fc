# http to another machine carries the tokens in clear text: every way a connection can get such a URI warns, a dry
# run included, and names the setting the user has to change.
BeforeAll {
    . (Join-Path $PSScriptRoot '../../Get-ChildPowerShell.ps1')

    # In a fresh PowerShell whose only connection is the ZAPI_* environment: the warnings of each command, one row per
    # ZAPI_BASE_URI and command.
    $command = Get-ChildPowerShell
    $names = 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI'
    $saved = $names | ForEach-Object { [Environment]::GetEnvironmentVariable($_) }
    try {
        $env:ZAPI_INSTANCE_ID, $env:ZAPI_TOKEN, $env:ZAPI_CLIENT_TOKEN = 'i', 'route-tok', 'client-tok'
        $json = & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -Command @"
Import-Module '$env:ZAPI_TEST_MODULE'
`$rows = foreach (`$baseUri in 'http://zapi.example', 'http://127.0.0.1:9', 'https://zapi.example') {
    `$env:ZAPI_BASE_URI = `$baseUri
    foreach (`$name in 'Send-ZApiTextStatus', 'Test-ZApiConnection') {
        `$warned = `$null
        `$parameters = if (`$name -eq 'Send-ZApiTextStatus') { @{ Message = 'hello'; WhatIf = `$true } } else { @{} }
        try { & `$name @parameters -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 6>`$null | Out-Null } catch { }
        [pscustomobject]@{ BaseUri = `$baseUri; Command = `$name; Warnings = @(`$warned | ForEach-Object Message) }
    }
}
ConvertTo-Json -Compress -Depth 3 -InputObject @(`$rows)
"@
    }
    finally {
        for ($i = 0; $i -lt $names.Count; $i++) { [Environment]::SetEnvironmentVariable($names[$i], $saved[$i]) }
    }

    # The What if: lines go to the host; the last line is the rows.
    $script:Rows = $json | Select-Object -Last 1 | ConvertFrom-Json
}

Describe 'a base URI that would send the tokens in clear text' {
    It 'from ZAPI_BASE_URI warns <Command> once, a dry run included, naming the variable' -ForEach @(@{ Command = 'Send-ZApiTextStatus' }, @{ Command = 'Test-ZApiConnection' }) {
        $row = $Rows | Where-Object { $_.BaseUri -eq 'http://zapi.example' -and $_.Command -eq $Command }
        @($row.Warnings | Where-Object { $_ -match 'clear text' }).Count | Should -Be 1
        $row.Warnings | Where-Object { $_ -match 'clear text' } | Should -BeLike "ZAPI_BASE_URI 'http://zapi.example' uses http: the tokens would travel in clear text.*"
    }

    It 'never for this machine or for https' {
        $Rows | Where-Object BaseUri -NE 'http://zapi.example' | ForEach-Object { $_.Warnings -join ' ' | Should -Not -Match 'clear text' -Because "$($_.BaseUri) keeps the tokens safe" }
    }
}
