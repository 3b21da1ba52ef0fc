# Dot-sourced by build.ps1: the counts of both runners and the closing summary of -Task Test.

# Counts from each test's own outcome: the trx counters leave out tests skipped at run time (SkippableFact: notExecuted="0").
function Read-TrxResult([Parameter(Mandatory)] [string] $Path) {
    $results = @(([xml](Get-Content -Raw -LiteralPath $Path)).TestRun.Results.UnitTestResult)
    $skipped = @($results | Where-Object outcome -In 'NotExecuted', 'Inconclusive', 'NotRunnable', 'Pending')
    $passed = @($results | Where-Object outcome -EQ 'Passed').Count
    @{
        Passed       = $passed
        # Anything else (Failed, Error, Timeout, Aborted, ...) counts as a failure rather than vanishing.
        Failed       = $results.Count - $passed - $skipped.Count
        Skipped      = $skipped.Count
        SkippedTests = @($skipped | ForEach-Object {
                $message = $_.SelectSingleNode("*[local-name()='Output']/*[local-name()='ErrorInfo']/*[local-name()='Message']")
                @{ Name = $_.testName; Reason = if ($message) { $message.InnerText.Trim() } else { 'no reason given' } }
            })
    }
}

# The lines that end a test run: counts per runner, every skipped test with its reason, and last the line that
# scripts read, exactly "N passed, N failed" or "N passed, N failed, N skipped".
function Format-TestSummary([Parameter(Mandatory)] $Xunit, [Parameter(Mandatory)] $Pester) {
    "xUnit: $($Xunit.Passed) passed, $($Xunit.Failed) failed, $($Xunit.Skipped) skipped; Pester: $($Pester.Passed) passed, $($Pester.Failed) failed, $($Pester.Skipped) skipped"
    $skips = @(@($Xunit.SkippedTests) | Where-Object { $_ } | ForEach-Object { "  xUnit   $($_.Name): $($_.Reason)" }) +
        @(@($Pester.SkippedTests) | Where-Object { $_ } | ForEach-Object { "  Pester  $($_.Name): $($_.Reason)" })
    if ($skips) { 'Skipped, and why:'; $skips }
    $passed = $Xunit.Passed + $Pester.Passed
    $failed = $Xunit.Failed + $Pester.Failed
    $skipped = $Xunit.Skipped + $Pester.Skipped
    if ($skipped -gt 0) { "$passed passed, $failed failed, $skipped skipped" } else { "$passed passed, $failed failed" }
}
