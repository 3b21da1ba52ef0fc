BeforeAll {
    . (Join-Path $PSScriptRoot '../TestSummary.ps1')
    $script:Trx = Join-Path $PSScriptRoot 'Fixtures/xunit-skipped-at-run-time.trx.xml'
}

Describe 'The test summary of build.ps1 -Task Test' {
    It 'counts an xUnit test that skipped itself at run time, which the trx counters leave out, with its reason' {
        ([xml](Get-Content -Raw $Trx)).TestRun.ResultSummary.Counters.notExecuted | Should -Be '0'

        $xunit = Read-TrxResult $Trx

        $xunit.Passed | Should -Be 1
        $xunit.Failed | Should -Be 1
        $xunit.Skipped | Should -Be 1
        $xunit.SkippedTests.Name | Should -Be 'ZApi.Status.Tests.GalleryBrowserTests.The_gallery_shows_a_posted_image_and_its_caption'
        $xunit.SkippedTests.Reason | Should -Be 'No Chromium and chromedriver on this machine (on Debian: apt-get install chromium chromium-driver).'
    }

    It 'names every skipped test of both runners and why, then ends with the counts line' {
        $pester = '{ "Passed": 5, "Failed": 0, "Skipped": 1, "SkippedTests": [ { "Name": "Input problems.unreadable file", "Reason": "root reads any file" } ] }' |
            ConvertFrom-Json

        $lines = @(Format-TestSummary -Xunit (Read-TrxResult $Trx) -Pester $pester)

        $lines[0] | Should -Be 'xUnit: 1 passed, 1 failed, 1 skipped; Pester: 5 passed, 0 failed, 1 skipped'
        $lines[1..3] | Should -Be 'Skipped, and why:',
            '  xUnit   ZApi.Status.Tests.GalleryBrowserTests.The_gallery_shows_a_posted_image_and_its_caption: No Chromium and chromedriver on this machine (on Debian: apt-get install chromium chromium-driver).',
            '  Pester  Input problems.unreadable file: root reads any file'
        $lines[-1] | Should -BeExactly '6 passed, 1 failed, 2 skipped'
    }

    It 'without skips, ends with "N passed, N failed" and lists nothing' {
        $none = @{ Passed = 3; Failed = 0; Skipped = 0; SkippedTests = @() }

        $lines = @(Format-TestSummary -Xunit $none -Pester ([pscustomobject]@{ Passed = 2; Failed = 0; Skipped = 0; SkippedTests = @() }))

        $lines | Should -Be 'xUnit: 3 passed, 0 failed, 0 skipped; Pester: 2 passed, 0 failed, 0 skipped', '5 passed, 0 failed'
    }
}
