# A status history in an Azure Storage table (Azurite's table service), for runbooks whose disk does not survive a run:
# the same verdicts as a file, across processes and machines, without a secret in sight.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestAzurite.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    $script:Azurite = Start-TestAzurite
    $script:NoAzurite = if ($Azurite -is [string]) { $Azurite } else { $null }
    $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-table-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Root
    # No test may reach a real metadata endpoint: a managed identity that is not set up asks this closed port instead.
    $env:AZURE_POD_IDENTITY_AUTHORITY_HOST = "http://127.0.0.1:$(Get-ClosedPort)"

    function New-Images([int] $Count) {
        $folder = Join-Path $Root ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory $folder
        @(1..$Count | ForEach-Object { (New-TestImage (Join-Path $folder "img-$_.png") png (1500 + $_)).FullName })
    }

    function Start-ConnectedChild([string] $Script) { Start-TestSandboxChild $Sandbox $Script }

    function Skip-WithoutAzurite { if ($NoAzurite) { Set-ItResult -Skipped -Because $NoAzurite; return $true }; $false }
}

AfterAll {
    Remove-Item Env:AZURE_POD_IDENTITY_AUTHORITY_HOST -ErrorAction SilentlyContinue
    Stop-TestAzurite $Azurite
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Root -ErrorAction SilentlyContinue
}

Describe 'a status history in an Azure table' {
    BeforeEach {
        Connect-TestSandbox $Sandbox
        Reset-TestSandbox $Sandbox
        foreach ($name in 'ZAPI_HISTORY_TABLE_URI', 'ZAPI_HISTORY_TABLE_SAS', 'ZAPI_HISTORY_PATH', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
    }

    It 'a second run posts nothing and yields AlreadyPosted with the first run''s ids' {
        if (Skip-WithoutAzurite) { return }
        $table = New-TestTable $Azurite
        $files = New-Images 3
        $uri = "$($table.Uri)?$($table.Sas)"
        $first = @($files | Send-ZApiImageStatus -HistoryTableUri $uri)
        $first.Outcome | Should -Be 'Posted', 'Posted', 'Posted'
        Reset-TestSandbox $Sandbox

        $second = @($files | Send-ZApiImageStatus -HistoryTableUri $uri)
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
        $second.Outcome | Should -Be 'AlreadyPosted', 'AlreadyPosted', 'AlreadyPosted'
        $second.MessageId | Should -Be $first.MessageId
        $second.ZaapId | Should -Be $first.ZaapId
        for ($i = 0; $i -lt 3; $i++) { $second[$i].SentAt | Should -Be $first[$i].SentAt }

        $entries = @(Get-ZApiStatusHistory -HistoryTableUri $uri)
        $entries.Outcome | Should -Be 'Posted', 'Posted', 'Posted'
        ($entries.Sha256 | Sort-Object) | Should -Be ($files | ForEach-Object { Get-Sha256 $_ } | Sort-Object)
        @(Get-ZApiStatusHistory -HistoryTableUri $uri -Outcome InDoubt) | Should -BeNullOrEmpty
        @(Get-ZApiStatusHistory -HistoryTableUri $uri -Since (Get-Date).AddMinutes(5)) | Should -BeNullOrEmpty
        @(Get-ZApiStatusHistory -HistoryTableUri $uri -InstanceId 'another-instance') | Should -BeNullOrEmpty
    }

    It 'three processes sharing one table through the environment post each of 30 images exactly once between them' {
        if (Skip-WithoutAzurite) { return }
        $table = New-TestTable $Azurite
        $files = New-Images 30
        $folder = Split-Path $files[0]
        $env:ZAPI_HISTORY_TABLE_URI = $table.Uri
        $env:ZAPI_HISTORY_TABLE_SAS = $table.Sas
        try { $children = @(Invoke-CompetingImageBatch $Sandbox $folder) }
        finally { Remove-Item Env:ZAPI_HISTORY_TABLE_URI, Env:ZAPI_HISTORY_TABLE_SAS }

        $posted = 0
        foreach ($child in $children) {
            $child.ErrorIds | Should -BeIn '', 'StatusInFlight'
            ($child.Posted + $child.AlreadyPosted + $child.Errors) | Should -Be 30 -Because 'every input yields one record in each process'
            $posted += $child.Posted
        }

        $posted | Should -Be 30
        $stored = Get-TestSandboxStatus $Sandbox
        $stored.Count | Should -Be 30
        ($stored.sha256 | Sort-Object) | Should -Be ($files | ForEach-Object { Get-Sha256 $_ } | Sort-Object)
        (Get-ZApiStatusHistory -HistoryTableUri $table.Uri -HistoryTableSas $table.Sas).Outcome | Sort-Object -Unique | Should -Be 'Posted'
    }

    It 'kill -9 in the middle of a slow request leaves that status in doubt, and the re-run posts only the rest' {
        if (Skip-WithoutAzurite) { return }
        $table = New-TestTable $Azurite
        $files = New-Images 3
        $uri = "$($table.Uri)?$($table.Sas)"
        Reset-TestSandbox $Sandbox @{ DelaySec = 60 }
        $child = Start-ConnectedChild "Send-ZApiImageStatus '$($files[0])' -HistoryTableUri '$uri' -SkipConnectionCheck"
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(90)
            while ([datetime]::UtcNow -lt $deadline -and -not @(Get-ZApiStatusHistory -HistoryTableUri $uri -Outcome InFlight)) { Start-Sleep -Milliseconds 100 }
            @(Get-ZApiStatusHistory -HistoryTableUri $uri -Outcome InFlight).Count | Should -Be 1 -Because 'the claim is in the table before the request leaves'
            # The claim is made just before the request; give the request a moment to reach the waiting server. The
            # sandbox logs a request when it ends, so there is nothing to poll for: this one ends only with the kill.
            Start-Sleep -Seconds 1
        }
        finally {
            if ([System.IO.Path]::DirectorySeparatorChar -eq '\') { Stop-Process -Id $child.Id -Force } else { & kill -9 $child.Id }
            $child.WaitForExit(30000) | Should -BeTrue
        }

        Reset-TestSandbox $Sandbox
        $results = @($files | Send-ZApiImageStatus -HistoryTableUri $uri -ErrorVariable doubt -ErrorAction SilentlyContinue)
        $results.Source | Should -Be $files[1], $files[2]
        $results.Outcome | Should -Be 'Posted', 'Posted'
        $doubt.Count | Should -Be 1
        Get-ErrorId $doubt[0] | Should -Be 'StatusInDoubt'
        $doubt[0].TargetObject | Should -Be $files[0]
        $doubt[0].Exception.Message | Should -Match "process $($child.Id)@.* ended before Z-API answered"
        (Get-TestSandboxStatus $Sandbox).sha256 | Should -Be (Get-Sha256 $files[1]), (Get-Sha256 $files[2])
        (Get-ZApiStatusHistory -HistoryTableUri $uri -Outcome InDoubt).Source | Should -Be $files[0]
    }

    It 'a SAS in the URL, in -HistoryTableSas (string or SecureString), in Set-ZApiConnection or in the environment works and never shows' {
        if (Skip-WithoutAzurite) { return }
        $table = New-TestTable $Azurite
        $files = New-Images 5
        $forms = @(Get-SecretForm $table.Sas)
        $file = Join-Path $Root "connection-$([guid]::NewGuid().ToString('N')).xml"
        $refused = $table.Sas -replace 'sig=.', 'sig=A'
        $Error.Clear()
        $shown = & {
            Send-ZApiImageStatus $files[0] -HistoryTableUri "$($table.Uri)?$($table.Sas)" -Verbose
            Send-ZApiImageStatus $files[1] -HistoryTableUri $table.Uri -HistoryTableSas $table.Sas -Verbose
            Send-ZApiImageStatus $files[2] -HistoryTableUri $table.Uri -HistoryTableSas (ConvertTo-SecureString $table.Sas -AsPlainText -Force) -Verbose
            $env:ZAPI_HISTORY_TABLE_URI = $table.Uri; $env:ZAPI_HISTORY_TABLE_SAS = "?$($table.Sas)"
            try { Send-ZApiImageStatus $files[3] -Verbose } finally { Remove-Item Env:ZAPI_HISTORY_TABLE_URI, Env:ZAPI_HISTORY_TABLE_SAS }
            $connection = Set-ZApiConnection -InstanceId $Sandbox.InstanceId -Token $Sandbox.Token -ClientToken $Sandbox.ClientToken -BaseUri $Sandbox.BaseUri `
                -HistoryTableUri "$($table.Uri)?$($table.Sas)" -PassThru -Verbose
            Send-ZApiImageStatus $files[4] -Verbose
            Get-ZApiConnection | Format-List * | Out-String
            $connection | Export-Clixml -LiteralPath $file -Depth 5
            $connection.HistoryTableUri
            Get-ZApiStatusHistory -Verbose | Format-List * | Out-String
            # A refused SAS: the error names the table, never the SAS.
            try { Send-ZApiImageStatus $files[0] -HistoryTableUri $table.Uri -HistoryTableSas $refused -Force }
            catch { $_ | Format-List * -Force | Out-String }
        } *>&1 | Out-String

        @(Get-TestSandboxStatus $Sandbox | Write-Output).Count | Should -Be 5
        (Get-ZApiStatusHistory).Outcome | Should -Be 'Posted', 'Posted', 'Posted', 'Posted', 'Posted'
        $shown | Should -Match 'HistoryUnavailable|refused a SAS'
        $everything = $shown + (Get-Content -Raw $file) + ($Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() }) + ($Error | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue)
        foreach ($form in $forms + @(Get-SecretForm $refused)) { $everything | Should -Not -Match ([regex]::Escape($form)) }
        $everything | Should -Not -Match 'sig='
        (Import-Clixml $file).HistoryTableUri | Should -Be $table.Uri
    }

    It 'a table that cannot be reached, does not exist or refuses the SAS stops the batch before any request to Z-API, -WhatIf too' {
        if (Skip-WithoutAzurite) { return }
        $files = New-Images 2
        $table = New-TestTable $Azurite
        $cases = @(
            @{ Uri = "http://127.0.0.1:$(Get-ClosedPort)/$($table.Name.Substring(0, 5))acct/history"; Sas = $table.Sas; Says = 'Cannot read the status history table' }
            @{ Uri = "$($Azurite.Endpoint)/nosuchtable"; Sas = (New-TestTableSas 'nosuchtable'); Says = 'does not exist' }
            @{ Uri = $table.Uri; Sas = (New-TestTableSas 'someothertable'); Says = 'refused a SAS' }
        )
        foreach ($case in $cases) {
            foreach ($whatIf in $false, $true) {
                $failure = $null
                try { $files | Send-ZApiImageStatus -HistoryTableUri $case.Uri -HistoryTableSas $case.Sas -WhatIf:$whatIf }
                catch { $failure = $_ }
                Get-ErrorId $failure | Should -Be 'HistoryUnavailable'
                $failure.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
                $failure.Exception.Message | Should -Match ([regex]::Escape($case.Says))
                $failure.Exception.Message | Should -Match 'Nothing was posted'
                $failure.Exception.Message | Should -Not -Match 'sig='
            }
        }
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'a file and a table at the same level are refused, naming both' {
        $files = New-Images 1
        { Send-ZApiImageStatus $files[0] -HistoryPath (Join-Path $Root 'h.jsonl') -HistoryTableUri 'https://acct.table.core.windows.net/history' } |
            Should -Throw -ErrorId 'HistoryUnavailable*' -ExpectedMessage '*-HistoryPath and -HistoryTableUri*'
        { Set-ZApiConnection -InstanceId i -Token t -ClientToken c -HistoryPath (Join-Path $Root 'h.jsonl') -HistoryTableUri 'https://acct.table.core.windows.net/history' } |
            Should -Throw -ErrorId 'HistoryUnavailable*'
        $env:ZAPI_HISTORY_PATH = Join-Path $Root 'h.jsonl'; $env:ZAPI_HISTORY_TABLE_URI = 'https://acct.table.core.windows.net/history'
        try { { Send-ZApiImageStatus $files[0] } | Should -Throw -ExpectedMessage '*ZAPI_HISTORY_PATH and ZAPI_HISTORY_TABLE_URI*' }
        finally { Remove-Item Env:ZAPI_HISTORY_PATH, Env:ZAPI_HISTORY_TABLE_URI }
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It 'without a SAS or token, Azure Automation''s managed identity gives the token, and the table gets it as a bearer; nothing leaks' {
        if ($PSVersionTable.PSEdition -eq 'Desktop') { Set-ItResult -Skipped -Because 'its token endpoint runs in a thread job: PowerShell 7 only'; return }
        # Only this test's errors: other files provoke errors with secrets of their own on purpose.
        $Error.Clear()
        $port = Get-ClosedPort
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $log = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        $server = Start-ThreadJob -ArgumentList $listener, $log -ScriptBlock {
            param($listener, $log)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $request = $context.Request
                $log.Enqueue([pscustomobject]@{
                        Path = $request.Url.PathAndQuery; Identity = $request.Headers['X-IDENTITY-HEADER']; Authorization = $request.Headers['Authorization']
                        Version = $request.Headers['x-ms-version'] })
                $status, $body = if ($request.Url.AbsolutePath -eq '/msi/token') {
                    200, ('{"access_token":"eyJ.mi-T0KEN-for-storage","expires_on":"' + [DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeSeconds() + '","token_type":"Bearer"}')
                }
                elseif ($request.Url.AbsolutePath.EndsWith('()')) { 200, '{"value":[]}' }
                else { 404, '{"odata.error":{"code":"ResourceNotFound","message":{"lang":"en-US","value":"The specified resource does not exist."}}}' }
                $bytes = [System.Text.Encoding]::UTF8.GetBytes($body)
                $context.Response.StatusCode = $status
                $context.Response.ContentType = 'application/json;odata=nometadata'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }
        $env:IDENTITY_ENDPOINT = "http://127.0.0.1:$port/msi/token"
        $env:IDENTITY_HEADER = 'identity-h3ader-S3CRET'
        try {
            $files = New-Images 2
            $shown = & {
                $files | Send-ZApiImageStatus -HistoryTableUri "http://127.0.0.1:$port/devstoreaccount1/history" -WhatIf -Verbose
                Get-ZApiStatusHistory -HistoryTableUri "http://127.0.0.1:$port/devstoreaccount1/history" -Verbose
            } *>&1 | Out-String
        }
        finally {
            Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER
            $listener.Stop()
            $server | Wait-Job -Timeout 10 | Remove-Job -Force
        }

        $requests = @($log.ToArray())
        $tokenRequests = @($requests | Where-Object Path -Like '/msi/token*')
        $tokenRequests.Count | Should -Be 1 -Because 'the token is kept for the process'
        $tokenRequests[0].Path | Should -Be '/msi/token?resource=https%3A%2F%2Fstorage.azure.com%2F&api-version=2019-08-01'
        $tokenRequests[0].Identity | Should -Be 'identity-h3ader-S3CRET'
        $tableRequests = @($requests | Where-Object Path -Like '/devstoreaccount1/*')
        $tableRequests.Count | Should -BeGreaterOrEqual 4 -Because 'open, one read per image, and the history query'
        $tableRequests | ForEach-Object { $_.Authorization | Should -Be 'Bearer eyJ.mi-T0KEN-for-storage'; $_.Version | Should -Be '2019-02-02' }
        $shown | Should -Not -Match 'S3CRET|mi-T0KEN'
        ($Error | Out-String) | Should -Not -Match 'S3CRET|mi-T0KEN'
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }

    It '-HistoryTableAccessToken takes what Get-AzAccessToken returns, its Token a SecureString or a string' {
        if (Skip-WithoutAzurite) { return }
        $table = New-TestTable $Azurite
        $files = New-Images 1
        foreach ($token in ([pscustomobject]@{ Token = (ConvertTo-SecureString 'eyJ.az-T0KEN' -AsPlainText -Force); ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1) }),
            ([pscustomobject]@{ Token = 'eyJ.az-T0KEN'; ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1) }), 'eyJ.az-T0KEN') {
            $failure = $null
            try { Send-ZApiImageStatus $files[0] -HistoryTableUri $table.Uri -HistoryTableAccessToken $token }
            catch { $failure = $_ }
            # Azurite takes SAS only: the bearer token reaches it and is refused, by name, never shown.
            Get-ErrorId $failure | Should -Be 'HistoryUnavailable'
            $failure.Exception.Message | Should -Match 'refused the access token from -HistoryTableAccessToken'
            $failure.Exception.Message | Should -Not -Match 'az-T0KEN'
        }
        Get-TestSandboxRequest $Sandbox | Should -BeNullOrEmpty
    }
}
