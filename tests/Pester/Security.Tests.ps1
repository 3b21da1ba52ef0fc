# Odd files, odd secrets and misbehaving answers: what reaches the server, what each case yields, and that no
# secret shows anywhere a user or a log could see it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    foreach ($name in 'ZAPI_INSTANCE_ID', 'ZAPI_TOKEN', 'ZAPI_CLIENT_TOKEN', 'ZAPI_BASE_URI') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-security-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Real = (New-TestImage (Join-Path $Folder 'real.png') png 70000).FullName

    # Runs $Script in a child PowerShell connected to the sandbox, and gives up (killing it) after a minute: a guard
    # against an open that blocks, never a speed assertion.
    function Invoke-BoundedChild([string] $Script) {
        $child = Get-ChildPowerShell
        $connect = "Import-Module '$env:ZAPI_TEST_MODULE'; " +
            "Set-ZApiConnection -InstanceId '$($Sandbox.InstanceId)' -Token '$($Sandbox.Token)' -ClientToken '$($Sandbox.ClientToken)' -BaseUri '$($Sandbox.BaseUri)'; "
        $start = [System.Diagnostics.ProcessStartInfo]::new($child[0])
        foreach ($argument in @($child | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $connect + $Script)) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $output = $process.StandardOutput.ReadToEndAsync()
        $errors = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(60000)) { $process.Kill($true); throw 'the child PowerShell was blocked' }
        $output.Result + $errors.Result
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'links, pipes and files that change' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
    }

    It 'a symbolic link, and a link to a link, post the bytes of their final target' {
        $link = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'link.png') -Target $Real
        $chain = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'chain.png') -Target $link.FullName

        $results = $link.FullName, $chain.FullName | Send-ZApiImageStatus -Caption linked
        $results.Source | Should -Be $link.FullName, $chain.FullName
        $results.ByteCount | Should -Be 70000, 70000
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Real), (Get-Sha256 $Real)
    }

    It 'Get-ChildItem of a folder of links posts each target' {
        $album = New-Item -ItemType Directory -Path (Join-Path $Folder 'album')
        New-Item -ItemType SymbolicLink -Path (Join-Path $album 'a.png') -Target $Real | Out-Null
        (Get-ChildItem $album | Send-ZApiImageStatus).ByteCount | Should -Be 70000
    }

    It 'a FIFO, or a link to one, is refused at once with -WhatIf and without, and the batch goes on' -Skip:$IsWindows {
        $fifo = Join-Path $Folder 'pipe.png'
        & mkfifo $fifo
        $toFifo = (New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'to-pipe.png') -Target $fifo).FullName

        $shown = Invoke-BoundedChild @"
'$fifo', '$toFifo', '$Real' | Send-ZApiImageStatus -WhatIf -ErrorVariable whatIfFailures -ErrorAction SilentlyContinue
'$fifo', '$toFifo', '$Real' | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue | ForEach-Object { 'posted ' + `$_.Source }
(`$whatIfFailures + `$failures) | ForEach-Object { 'failed ' + `$_.FullyQualifiedErrorId.Split(',')[0] + ' ' + `$_.TargetObject + ' ' + (`$_.Exception.Message -match 'not a regular file') }
"@
        $lines = $shown -split "`r?`n" | Where-Object { $_ -match '^(posted|failed) ' }
        $lines | Should -Be "posted $Real", "failed ImageUnreadable $fifo True", "failed ImageUnreadable $toFifo True",
            "failed ImageUnreadable $fifo True", "failed ImageUnreadable $toFifo True"
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $Real)
    }

    It 'a dangling link is not found, a link to a folder is a directory' {
        $dangling = (New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'dangling.png') -Target (Join-Path $Folder 'gone.png')).FullName
        $toFolder = (New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'folder.png') -Target $Folder).FullName
        $dangling, $toFolder | Send-ZApiImageStatus -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures | ForEach-Object { Get-ErrorId $_ } | Should -Be 'ImageNotFound', 'PathIsDirectory'
        $failures.TargetObject | Should -Be $dangling, $toFolder
    }
}
