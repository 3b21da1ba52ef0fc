# A photo that went through ConvertTo-ZApiStatusImage keeps the name its owner knows: in the result's table row and
# Source, in error messages and in the status history, while the bytes posted stay the converted ones.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:MediaManifest = if ($env:ZAPI_TEST_MEDIA_MODULE) { $env:ZAPI_TEST_MEDIA_MODULE }
        else { Join-Path (Split-Path (Split-Path $env:ZAPI_TEST_MODULE)) 'ZApi.Status.Media/ZApi.Status.Media.psd1' }
    Import-Module $MediaManifest -Force
    $script:Sandbox = Start-TestSandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-names-" + [guid]::NewGuid().ToString('N'))
    $script:Cache = Join-Path $Folder 'cache'
    $null = New-Item -ItemType Directory $Folder
    # Two 2×2 BMPs written by hand: WhatsApp takes no BMP, so each is converted to a JPEG in the cache.
    $script:Photos = foreach ($name in 'Beach at noon.bmp', 'Family dinner.bmp') {
        $path = Join-Path $Folder $name
        $pixel = [byte]$(if ($name -like 'Beach*') { 0 } else { 200 })
        [System.IO.File]::WriteAllBytes($path, [byte[]](0x42, 0x4D, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0) + [byte[]]::new(24) + [byte[]]@($pixel) * 16)
        $path
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'a converted photo keeps its name' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'in the results, their table rows and the history; the converted bytes are what reach Z-API' {
        $history = Join-Path $Folder 'history.jsonl'
        $converted = @($Photos | Get-Item | ConvertTo-ZApiStatusImage -Destination $Cache)
        $results = @($converted | Send-ZApiImageStatus -HistoryPath $history)

        $results.Source | Should -Be $Photos
        $results.PostedPath | Should -Be $converted.FullName
        $table = $results | Format-Table | Out-String -Width 120
        $table | Should -Match 'Beach at noon\.bmp'
        $table | Should -Match 'Family dinner\.bmp'
        $table | Should -Not -Match '[0-9a-f]{16}'
        (Get-ZApiStatusHistory -HistoryPath $history).Source | Should -Be $Photos
        (Get-TestSandboxStatus $Sandbox).sha256 | Sort-Object | Should -Be ($converted | ForEach-Object { Get-Sha256 $_.FullName } | Sort-Object)
    }

    It 'in an error message and its TargetObject' {
        Reset-TestSandbox $Sandbox @{ ServerErrorAfterStoreCount = 1 }
        $failures = $null
        $Photos[0] | Get-Item | ConvertTo-ZApiStatusImage -Destination $Cache | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null

        Get-ErrorId $failures[0] | Should -Be 'ZApiOutcomeUnknown'
        $failures[0].Exception.Message | Should -BeLike "While posting $($Photos[0]) (image/jpeg, *"
        $failures[0].TargetObject | Should -Be $Photos[0]
    }

    It 'ConvertTo-ZApiStatusImage alone shows each original beside what became of it, at 80 and 200 columns' {
        $converted = @($Photos | Get-Item | ConvertTo-ZApiStatusImage -Destination $Cache)

        foreach ($width in 80, 200) {
            $lines = @(($converted | Out-String -Width $width) -split "`r?`n" | Where-Object { $_.Trim() })
            $lines[0] | Should -Match '^Conversion\s+Original\s+Result\s+Size$'
            $rows = @($lines | Select-Object -Skip 2)
            $rows.Count | Should -Be 2
            $rows[0] | Should -Match 'Beach at noon\.bmp'
            $rows[1] | Should -Match 'Family dinner\.bmp'
            $rows | ForEach-Object { $_ | Should -Match "\u2192 [0-9a-f]{8}\u2026\.jpg" }
            $rows | ForEach-Object { $_ | Should -Not -Match '[0-9a-f]{16}' -Because 'the cache names are hashes nobody reads' }
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 }
        }

        $converted[0] | Should -BeOfType ([System.IO.FileInfo])
    }
}
