# Z-API's queue in the sandbox, driven by the module as a user would: statuses sent while the phone is offline are
# answered, wait in the queue where the documented queue routes list and cancel them, and go out when the phone is back.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    Connect-TestSandbox $Sandbox
    $script:Folder = Join-Path $TestDrive 'queue'
    $null = New-Item -ItemType Directory -Path $Folder
    $script:Images = 1..5 | ForEach-Object { (New-TestImage (Join-Path $Folder "photo$_.png") png (1000 + $_)).FullName }

    function Invoke-Queue([string] $Method, [string] $Action = 'queue', $Body) {
        $parameters = @{
            Method  = $Method
            Uri     = "$($Sandbox.BaseUri)/instances/$($Sandbox.InstanceId)/token/$($Sandbox.Token)/$Action"
            Headers = @{ 'Client-Token' = $Sandbox.ClientToken }
        }
        if ($null -ne $Body) { $parameters.ContentType = 'application/json'; $parameters.Body = $Body | ConvertTo-Json -Compress }
        Invoke-RestMethod @parameters
    }

    # The whole queue as a client must read it: page by page, following pagingState until hasMore is false; bounded.
    function Get-WholeQueue([int] $PageSize) {
        $state = $null
        for ($page = 0; $page -lt 50; $page++) {
            $answer = Invoke-Queue Post -Body @{ pageSize = $PageSize; pagingState = $state }
            [pscustomobject]@{ Count = @($answer.messages).Count; Messages = @($answer.messages) }
            if (-not $answer.hasMore) { return }
            $state = $answer.pagingState
        }
        throw 'The queue never said hasMore: false.'
    }
}

AfterAll { Stop-TestSandbox $Sandbox }

Describe 'the queue while the phone is offline' {
    It 'holds what Send-ZApiImageStatus posted, lists it page by page in order, cancels one, and posts the rest when the phone is back' {
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        $results = $Images | Send-ZApiImageStatus -Caption 'waits' -WarningAction SilentlyContinue
        $results.Outcome | Should -Be (@('Posted') * 5)

        $pages = @(Get-WholeQueue -PageSize 2)
        $pages | ForEach-Object Count | Should -Be 2, 2, 1
        $queued = @($pages.Messages)
        $queued.ZaapId | Should -Be $results.ZaapId
        $queued.MessageId | Should -Be $results.MessageId
        $queued.Phone | Should -Be (@('status@broadcast') * 5)
        $queued.Message | Should -Be (@('waits') * 5)
        (Get-TestSandboxStatus $Sandbox).queued | Should -Be (@($true) * 5)
        $gallery = Invoke-WebRequest "$($Sandbox.BaseUri)/" -UseBasicParsing
        ([regex]::Matches($gallery.Content, 'Waiting for the phone')).Count | Should -Be 5
        (Invoke-Queue Get 'queue?page=1&pageSize=100').messages.ZaapId | Should -Be $results.ZaapId

        (Invoke-Queue Delete "queue/$($results[1].ZaapId)").value | Should -BeTrue
        { Invoke-Queue Delete "queue/$($results[1].ZaapId)" } | Should -Throw '*404*'
        Invoke-RestMethod -Method Put "$($Sandbox.BaseUri)/_sandbox/instances/$($Sandbox.InstanceId)/faults" -ContentType 'application/json' -Body '{"phoneOffline":false}' | Out-Null

        @((Invoke-Queue Post -Body @{}).messages).Count | Should -Be 0
        $live = Get-TestSandboxStatus $Sandbox
        $live.id | Should -Be $results[0, 2, 3, 4].MessageId
        $live.sha256 | Should -Be ($Images[0, 2, 3, 4] | ForEach-Object { Get-Sha256 $_ })
        $live.queued | Should -Be (@($false) * 4)
        ($live | Where-Object { -not $_.publishedAt }) | Should -BeNullOrEmpty
        $gallery = Invoke-WebRequest "$($Sandbox.BaseUri)/" -UseBasicParsing
        $gallery.Content | Should -Not -Match 'Waiting for the phone'
        # Newest first: the last one sent tops the gallery.
        ([regex]::Matches($gallery.Content, 'data-id="([0-9A-F]+)"') | ForEach-Object { $_.Groups[1].Value }) | Should -Be $results[4, 3, 2, 0].MessageId
    }

    It 'answers the queue routes only with the Client-Token, as every other route' {
        Reset-TestSandbox $Sandbox @{ PhoneOffline = $true }
        $caught = $null
        try { Invoke-RestMethod -Method Post "$($Sandbox.BaseUri)/instances/$($Sandbox.InstanceId)/token/$($Sandbox.Token)/queue" -ContentType 'application/json' -Body '{}' }
        catch { $caught = $_ }
        $caught.Exception.Response.StatusCode.value__ | Should -Be 400
    }
}
