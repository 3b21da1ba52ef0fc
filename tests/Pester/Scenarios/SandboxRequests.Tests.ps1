# What the sandbox prints while it runs: one line per request, with the route token masked, also for a request whose
# client hung up halfway.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    $script:Sandbox = Start-TestSandbox

    function Send-Raw([string] $Head, [byte[]] $Body) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $client.Connect([System.Net.IPAddress]::Loopback, ([uri]$Sandbox.BaseUri).Port)
            $stream = $client.GetStream()
            $bytes = [Text.Encoding]::ASCII.GetBytes($Head)
            $stream.Write($bytes, 0, $bytes.Length)
            $stream.Write($Body, 0, $Body.Length)
            Start-Sleep -Milliseconds 500 # loopback hands the bytes over, then the client is gone
        }
        finally { $client.Dispose() }
    }
}

AfterAll { if ($Sandbox) { Stop-TestSandbox $Sandbox } }

Describe 'the console log' {
    It 'prints one line per request, with method, masked route, outcome, body bytes and time, and never a token' {
        Reset-TestSandbox $Sandbox
        $route = "$($Sandbox.BaseUri)/instances/$($Sandbox.InstanceId)/token"
        $body = '{"message":"logged"}'
        $null = Invoke-RestMethod -Method Post "$route/$($Sandbox.Token)/send-text-status" -Headers @{ 'Client-Token' = $Sandbox.ClientToken } -ContentType 'application/json' -Body $body
        try { Invoke-RestMethod -Method Post "$route/WRONG-route-S3CRET/send-text-status" -Headers @{ 'Client-Token' = $Sandbox.ClientToken } -ContentType 'application/json' -Body $body } catch { $null = $_ }
        try { Invoke-RestMethod -Method Post "$route/$($Sandbox.Token)/send-text-status" -Headers @{ 'Client-Token' = 'WRONG-client-S3CRET' } -ContentType 'application/json' -Body $body } catch { $null = $_ }
        $head = "POST /instances/$($Sandbox.InstanceId)/token/$($Sandbox.Token)/send-image-status HTTP/1.1`r`nHost: 127.0.0.1`r`n" +
            "Client-Token: $($Sandbox.ClientToken)`r`nContent-Type: application/json`r`nContent-Length: 50000`r`n`r`n"
        Send-Raw $head ([Text.Encoding]::ASCII.GetBytes('{"image":"data:image/png;base64,' + ('A' * 1968)))
        # The aborted one is logged once the sandbox has given up on it; a bounded wait for its entry.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (@(Get-TestSandboxRequest $Sandbox | Write-Output).Count -lt 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $requests = @(Get-TestSandboxRequest $Sandbox | Write-Output)
        $stopped = $Sandbox
        $script:Sandbox = $null
        Stop-TestSandbox $stopped
        $later = $stopped.LaterOutput.Result

        $lines = @($later -split "`r?`n" | Where-Object { $_ -match 'ZApi\.Sandbox\.Requests' })
        $masked = "/instances/$($stopped.InstanceId)/token/\*\*\*"
        $lines[0] | Should -Match "^\d\d:\d\d:\d\d info: ZApi\.Sandbox\.Requests\[0\] DELETE /_sandbox/statuses 204: 0 bytes received in \d+ ms$"
        @($lines | Where-Object { $_ -match "POST $masked/send-text-status 200: $($body.Length) bytes received in \d+ ms$" }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match "POST $masked/send-text-status 400: 0 bytes received in \d+ ms$" }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match "POST $masked/send-text-status 403: 0 bytes received in \d+ ms$" }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match "POST $masked/send-image-status aborted by the client: 2000 bytes received in \d+ ms$" }).Count | Should -Be 1
        @($lines | Where-Object { $_ -match 'GET /_sandbox/requests 200' }).Count | Should -BeGreaterOrEqual 1
        $requests.statusCode | Should -Be 200, 400, 403, 0
        $requests[3].aborted | Should -BeTrue
        $requests[3].bytesReceived | Should -Be 2000
        foreach ($secret in $stopped.Token, $stopped.ClientToken, 'WRONG-route-S3CRET', 'WRONG-client-S3CRET') {
            $later | Should -Not -Match ([regex]::Escape($secret))
        }
    }
}
