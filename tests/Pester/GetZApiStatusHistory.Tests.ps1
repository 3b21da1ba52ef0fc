# A history that does not exist yet is empty: the first real post creates it.
BeforeAll {
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-nohistory-" + [guid]::NewGuid().ToString('N'))
}

Describe 'Get-ZApiStatusHistory on a history that does not exist yet' {
    It 'emits nothing, writes no error, and says so in -Verbose (<Name>)' -ForEach @(
        @{ Name = 'a missing file'; Relative = 'nope.jsonl' }
        @{ Name = 'a missing folder'; Relative = 'no/such/folder/history.jsonl' }
    ) {
        $path = Join-Path $Folder $Relative
        $failures = $null
        $verbose = Get-ZApiStatusHistory -HistoryPath $path -Verbose -ErrorVariable failures 4>&1

        $failures | Should -BeNullOrEmpty
        @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        "$verbose" | Should -Match ([regex]::Escape("The status history '$path' does not exist yet"))
        Test-Path $Folder | Should -BeFalse -Because 'reading a history creates nothing'
    }
}
