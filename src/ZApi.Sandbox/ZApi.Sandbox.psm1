# Starts and stops ZApi.Sandbox as a child process on a free loopback port: for the tests, the demo and the benchmark.
# Runs on Windows PowerShell 5.1 too: .NET Framework's ProcessStartInfo has no ArgumentList, only an Arguments string.
Set-StrictMode -Version 3.0

# One argument as the Microsoft C runtime splits a command line (and as .NET splits ProcessStartInfo.Arguments on
# Linux and macOS): bare when it holds no blank or quote; else in double quotes, each quote escaped with a backslash,
# and backslashes doubled where they come before a quote or before the closing quote.
function ConvertTo-CommandLineArgument([AllowEmptyString()] [string] $Argument) {
    if ($Argument.Length -gt 0 -and $Argument -notmatch '[\s"]') { return $Argument }
    $quoted = [System.Text.StringBuilder]::new('"')
    $backslashes = 0
    foreach ($character in $Argument.ToCharArray()) {
        if ($character -eq [char]'\') { $backslashes++; continue }
        $escapes = if ($character -eq [char]'"') { 2 * $backslashes + 1 } else { $backslashes }
        $null = $quoted.Append([char]'\', $escapes).Append($character)
        $backslashes = 0
    }
    $null = $quoted.Append([char]'\', 2 * $backslashes).Append([char]'"')
    $quoted.ToString()
}

# A ProcessStartInfo.Arguments string that the started program reads back as exactly these arguments.
function Join-CommandLine([AllowEmptyString()] [string[]] $Arguments) {
    (@($Arguments) | ForEach-Object { ConvertTo-CommandLineArgument $_ }) -join ' '
}

function Start-ZApiSandbox {
    param(
        [Parameter(Mandatory)] [string] $SandboxPath,
        # Every caller passes a folder of its own: the sandbox's default is one per-user folder shared by every run.
        [Parameter(Mandatory)] [string] $DataPath,
        [string] $InstanceId = 'sandbox',
        [string] $Token = 'sandbox-token',
        [string] $ClientToken = 'sandbox-client-token',
        [int] $TimeoutSec = 30
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.Arguments = Join-CommandLine @($SandboxPath, '--urls', 'http://127.0.0.1:0', "--Sandbox:InstanceId=$InstanceId",
        "--Sandbox:Token=$Token", "--Sandbox:ClientToken=$ClientToken", "--Sandbox:DataPath=$DataPath")
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    # Bounded: the sandbox prints its banner within a second or two; 'listening on' gives the port, 'Press Ctrl+C' ends it.
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $banner = [System.Collections.Generic.List[string]]::new()
    while ([DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait($TimeoutSec * 1000) -or $null -eq $read.Result) { break }
        $banner.Add($read.Result)
        if ($read.Result -like 'Press Ctrl+C*') { break }
    }
    $baseUri = $banner | ForEach-Object { if ($_ -match 'listening on (http://\S+)') { $Matches[1] } } | Select-Object -First 1
    if (-not $baseUri -or $banner[-1] -notlike 'Press Ctrl+C*') {
        if (-not $process.HasExited) { $process.Kill() }
        throw "ZApi.Sandbox ($SandboxPath) did not start within $TimeoutSec s. It printed:`n$($banner -join "`n")"
    }
    # Keep reading what it prints later (one line per request, warnings), so a full pipe never blocks it; the task
    # ends with the process and then holds that text.
    $laterOutput = $process.StandardOutput.ReadToEndAsync()

    [pscustomobject]@{
        Process     = $process
        BaseUri     = $baseUri
        DataPath    = $DataPath
        InstanceId  = $InstanceId
        Token       = $Token
        ClientToken = $ClientToken
        Banner      = $banner.ToArray()
        LaterOutput = $laterOutput
    }
}

function Stop-ZApiSandbox {
    param([Parameter(Mandatory)] $Sandbox, [switch] $RemoveData)
    if (-not $Sandbox.Process.HasExited) { $Sandbox.Process.Kill() }
    $null = $Sandbox.Process.WaitForExit(10000)
    if ($RemoveData) { Remove-Item -Recurse -Force $Sandbox.DataPath -ErrorAction SilentlyContinue }
}

# True when a person can answer at this console; false under CI, -NonInteractive or redirected input.
function Test-InteractiveConsole {
    [Environment]::UserInteractive -and -not [Console]::IsInputRedirected -and -not $env:CI -and
        -not ([Environment]::GetCommandLineArgs() | Where-Object { $_ -match '^-noni' })
}

# The demo of build.ps1 -Task Demo: the sample images through Send-ZApiImageStatus into a new, empty sandbox gallery.
function Invoke-ZApiDemo {
    param(
        [Parameter(Mandatory)] [string] $SandboxPath,
        [Parameter(Mandatory)] [string] $ModulePath,
        # Each demo gets a new folder under this one, so it starts from an empty gallery of its own.
        [Parameter(Mandatory)] [string] $DataRoot,
        [switch] $KeepRunning,
        [string] $SamplePath = (Join-Path $PSScriptRoot 'Samples')
    )
    # Full paths: the lines printed below are pasted into other shells, in other folders.
    $ModulePath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
    $dataPath = Join-Path $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($DataRoot) ((Get-Date -Format 'yyyyMMdd-HHmmss-') + [guid]::NewGuid().ToString('N').Substring(0, 6))
    $sandbox = Start-ZApiSandbox -SandboxPath $SandboxPath -DataPath $dataPath
    try {
        Import-Module $ModulePath -Force
        Set-ZApiConnection -InstanceId $sandbox.InstanceId -Token $sandbox.Token -ClientToken $sandbox.ClientToken -BaseUri $sandbox.BaseUri
        $captions = @{ '01-sunrise' = 'Good morning ☀️'; '02-ocean' = 'Weekend by the sea 🌊'; '03-forest' = 'Trail run, 12 km'; '04-night' = "Good night ✨`nSee you tomorrow" }
        Get-ChildItem $SamplePath -Filter *.png |
            ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Caption = $captions[$_.BaseName] } } |
            Send-ZApiImageStatus | Format-Table | Out-Host

        $connect = ($sandbox.Banner | Where-Object { $_ -match '^\s*Set-ZApiConnection ' } | Select-Object -First 1).Trim()
        Write-Host "Gallery: $($sandbox.BaseUri)/"
        Write-Host "Data:    $dataPath (this demo's own; a new demo starts empty)"
        if ($KeepRunning -or (Test-InteractiveConsole)) {
            Write-Host "The sandbox keeps running so the gallery stays open. To post more from another PowerShell:"
            Write-Host "  Import-Module '$ModulePath'; $connect"
            Write-Host 'Press Enter here to stop the sandbox.'
            Wait-DemoEnd -Sandbox $sandbox
        }
        else {
            Write-Host 'No interactive console (CI or redirected input): the sandbox stops now, and the gallery URL above with it.'
            Write-Host "To browse the gallery, run the demo in a console or with -KeepRunning, or reopen these statuses with:"
            Write-Host "  dotnet run --project '$PSScriptRoot' -- --Sandbox:DataPath='$dataPath'"
        }
    }
    finally {
        Stop-ZApiSandbox $sandbox
        Write-Host 'Sandbox stopped.'
    }
}

# Until Enter; with no console, until a line arrives on the redirected input, or until Ctrl+C once that input has ended.
function Wait-DemoEnd([Parameter(Mandatory)] $Sandbox) {
    if (Test-InteractiveConsole) {
        $null = Read-Host
        return
    }
    if ($null -ne [Console]::In.ReadLine()) { return }
    Write-Host 'The input has ended: the sandbox runs until Ctrl+C.'
    while (-not $Sandbox.Process.HasExited) { Start-Sleep -Milliseconds 500 }
}

Export-ModuleMember -Function Start-ZApiSandbox, Stop-ZApiSandbox, Invoke-ZApiDemo
