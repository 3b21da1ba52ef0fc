# Starts and stops ZApi.Sandbox as a child process on a free loopback port: for the tests, the demo and the benchmark.
Set-StrictMode -Version 3.0

function Start-ZApiSandbox {
    param(
        [Parameter(Mandatory)] [string] $SandboxPath,
        [Parameter(Mandatory)] [string] $DataPath,
        [string] $InstanceId = 'sandbox',
        [string] $Token = 'sandbox-token',
        [string] $ClientToken = 'sandbox-client-token',
        [int] $TimeoutSec = 30
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($SandboxPath, '--urls', 'http://127.0.0.1:0', "--Sandbox:InstanceId=$InstanceId",
            "--Sandbox:Token=$Token", "--Sandbox:ClientToken=$ClientToken", "--Sandbox:DataPath=$DataPath")) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    # Bounded: the sandbox prints its address within a second or two.
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $baseUri = $null
    while (-not $baseUri -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait($TimeoutSec * 1000) -or $null -eq $read.Result) { break }
        if ($read.Result -match 'listening on (http://\S+)') { $baseUri = $Matches[1] }
    }
    if (-not $baseUri) {
        if (-not $process.HasExited) { $process.Kill() }
        throw "ZApi.Sandbox ($SandboxPath) did not start within $TimeoutSec s."
    }

    [pscustomobject]@{
        Process     = $process
        BaseUri     = $baseUri
        DataPath    = $DataPath
        InstanceId  = $InstanceId
        Token       = $Token
        ClientToken = $ClientToken
    }
}

function Stop-ZApiSandbox {
    param([Parameter(Mandatory)] $Sandbox, [switch] $RemoveData)
    if (-not $Sandbox.Process.HasExited) { $Sandbox.Process.Kill() }
    $null = $Sandbox.Process.WaitForExit(10000)
    if ($RemoveData) { Remove-Item -Recurse -Force $Sandbox.DataPath -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Start-ZApiSandbox, Stop-ZApiSandbox
