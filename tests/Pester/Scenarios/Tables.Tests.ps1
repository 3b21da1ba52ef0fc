# How the result tables read in a console 80, 120 and 200 columns wide: every header whole, one line per status,
# every field under its header in every row, emoji captions included, nothing cut inside a character, no column
# stretched across a wide console, and the ids in the list view rather than cut in the table.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../TestSandbox.psm1') -Force
    Import-Module $env:ZAPI_TEST_MODULE -Force
    $script:Sandbox = Start-TestSandbox
    Connect-TestSandbox $Sandbox

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-tables-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Folder
    $history = Join-Path $Folder 'status-history.jsonl'
    $captions = @(
        'Good morning ☀️'
        'Good night ✨ see you tomorrow ✨'
        'Família 👨‍👩‍👧 na praia 🏖️ com todos que amamos'
        'Viva 🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹 festa junina'
        'Parabéns 👍🏽👍🏿 equipe 👩🏽‍💻 1️⃣'
        '東京の朝ごはん、とてもおいしかったです')
    $images = for ($i = 0; $i -lt $captions.Count; $i++) {
        (New-TestImage (Join-Path $Folder "IMG-20261127-WA000$i.jpg") jpeg (1000 + $i)).FullName
    }
    $pixel = (New-TestImage (Join-Path $Folder 'PXL_20261127_080000123.jpg') jpeg 3000).FullName
    $later = (New-TestImage (Join-Path $Folder 'IMG-20261224-WA0009.jpg') jpeg 3100).FullName

    $script:Sent = @(
        for ($i = 0; $i -lt $captions.Count; $i++) { Send-ZApiImageStatus $images[$i] -Caption $captions[$i] -HistoryPath $history }
        Send-ZApiImageStatus $images[0] -Caption $captions[0] -HistoryPath $history
        Send-ZApiImageStatus -Uri 'https://example.org/banners/2026/black-friday-sale.png' -Caption 'Sale 🛍️' -HistoryPath $history
        Send-ZApiImageStatus $later -Caption 'Feliz Natal 🎄' -PostAt (Get-Date).AddDays(20) -HistoryPath $history
        $pixel, $later | Send-ZApiImageStatus -Caption 'Weekend 🌊' -MaximumPostCount 1 -HistoryPath $history)
    $script:Texts = @('Open today 9-18', 'Fechado no domingo 🏖️ até segunda 👨‍👩‍👧', ('🇧🇷' * 30)) | Send-ZApiTextStatus -HistoryPath $history
    $script:Entries = @(Get-ZApiStatusHistory -HistoryPath $history)

    # The non-empty lines of the default table of $Objects at $Width columns.
    function Get-TableLine([object[]] $Objects, [int] $Width) {
        @(($Objects | Format-Table | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() })
    }

    # The display column where $Text starts in $Line (terminal columns of what comes before it), or -1.
    function Get-Column([string] $Line, [string] $Text) {
        $index = $Line.IndexOf($Text, [System.StringComparison]::Ordinal)
        if ($index -lt 0) { return -1 }
        [ZApi.Status.ColumnText]::Width($Line.Substring(0, $index))
    }

    # Checks a table: $Columns maps each header label, in order, to a script block that gives the text its cell
    # starts with for an object ($null: the cell is empty). Free text is the last column, so nothing follows it.
    function Assert-Table([object[]] $Objects, [System.Collections.Specialized.OrderedDictionary] $Columns, [int] $Width) {
        $lines = Get-TableLine $Objects $Width
        $lines.Count | Should -Be ($Objects.Count + 2) -Because 'a header, its underline and one line per object'
        $labels = @($Columns.Keys)
        $lines[0] | Should -Match ('^' + (($labels | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '$') -Because 'every header is whole, on one line'
        $starts = @($labels | ForEach-Object { Get-Column $lines[0] $_ })
        for ($c = 0; $c -lt $labels.Count; $c++) {
            $lines[1].Substring($starts[$c]) | Should -Match ('^-{' + $labels[$c].Length + '}(\s|$)') -Because "the underline of $($labels[$c])"
        }
        foreach ($line in $lines) {
            [ZApi.Status.ColumnText]::Width($line) | Should -BeLessOrEqual 79 -Because "a table fits an 80-column console: '$line'"
        }
        for ($r = 0; $r -lt $Objects.Count; $r++) {
            $line = $lines[$r + 2]
            $from = 0
            for ($c = 0; $c -lt $labels.Count; $c++) {
                $text = $Objects[$r] | ForEach-Object $Columns[$labels[$c]]
                if (-not $text) { continue }
                $index = $line.IndexOf($text, $from, [System.StringComparison]::Ordinal)
                $index | Should -BeGreaterOrEqual 0 -Because "row $r shows '$text' under $($labels[$c]): '$line'"
                [ZApi.Status.ColumnText]::Width($line.Substring(0, $index)) | Should -Be $starts[$c] -Because "'$text' of row $r starts under $($labels[$c]): '$line'"
                $from = $index + $text.Length
            }
        }
        $lines
    }

    # The free text a cell shows is the one-line text, whole or cut with an ellipsis between two characters: never
    # inside a surrogate pair, a ZWJ sequence, a flag, or before a variation selector, skin tone or keycap.
    function Assert-CutBetweenCharacter([string] $Shown, [string] $Text) {
        $line = ($Text.Trim() -replace '\s+', ' ')
        if (-not $Shown.EndsWith([string][char]0x2026)) { $Shown | Should -Be $line; return }
        $kept = $Shown.Substring(0, $Shown.Length - 1)
        $line.StartsWith($kept, [System.StringComparison]::Ordinal) | Should -BeTrue -Because "'$Shown' is the start of '$line'"
        $cut = $kept.Length
        $next = [char]::ConvertToUtf32($line, $cut)
        $next | Should -Not -BeIn (0x200D, 0xFE0F, 0x20E3, 0x1F3FB, 0x1F3FC, 0x1F3FD, 0x1F3FE, 0x1F3FF) -Because "'$Shown' keeps what joins the character before it"
        [char]::IsLowSurrogate($line[$cut]) | Should -BeFalse
        if ($cut -gt 0) { $line[$cut - 1] | Should -Not -Be ([char]0x200D) -Because "'$Shown' keeps a ZWJ sequence whole" }
        $indicators = 0
        for ($i = $cut - 2; $i -ge 0 -and [char]::IsHighSurrogate($line[$i]) -and [char]::ConvertToUtf32($line, $i) -ge 0x1F1E6 -and [char]::ConvertToUtf32($line, $i) -le 0x1F1FF; $i -= 2) { $indicators++ }
        $indicators % 2 | Should -Be 0 -Because "'$Shown' keeps each flag's two regional indicators together"
        $Shown | Should -Not -Match ([char]0xFFFD)
    }
}

AfterAll {
    Stop-TestSandbox $Sandbox
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'the result table of Send-ZApiImageStatus' {
    BeforeAll {
        $script:SendColumns = [ordered]@{
            'Outcome'     = { "$($_.Outcome)" }
            'Expires/Due' = { if ($_.ExpiresAt) { $_.ExpiresAt.LocalDateTime.ToString('g') } }
            'Name'        = { $name = Split-Path -Leaf $_.Source; if ($_.Source -like 'http*') { $name = $_.Source }; $name.Substring(0, [Math]::Min(9, $name.Length)) }
            'Caption'     = { $_.Caption.Substring(0, 4) }
        }
    }

    It 'has every outcome it should, for the tests below' {
        $Sent.Outcome | Should -Be (@('Posted') * 6 + @('AlreadyPosted', 'Posted', 'NotDue', 'Posted', 'Deferred'))
    }

    It 'at <Width> columns: headers whole, one line per status, each field under its header, emoji rows included' -TestCases @(@{ Width = 80 }, @{ Width = 120 }, @{ Width = 200 }) {
        $lines = Assert-Table $Sent $SendColumns $Width
        for ($r = 0; $r -lt $Sent.Count; $r++) {
            $captionStart = $lines[$r + 2].IndexOf($Sent[$r].Caption.Substring(0, 4), [System.StringComparison]::Ordinal)
            Assert-CutBetweenCharacter $lines[$r + 2].Substring($captionStart).TrimEnd() $Sent[$r].Caption
        }
    }

    It 'does not stretch across a wide console: each header starts where it does at 80 columns' {
        $at80 = (Get-TableLine $Sent 80)[0]
        foreach ($width in 120, 200) { (Get-TableLine $Sent $width)[0] | Should -Be $at80 }
    }

    It 'shows a long name by its start and its end, and the message id only in the list view' {
        $lines = Get-TableLine $Sent 120
        $lines | Where-Object { $_ -match 'PXL_2026.*….*123\.jpg' } | Should -Not -BeNullOrEmpty -Because 'names differ at their ends'
        $lines | Where-Object { $_ -match 'https://.*….*sale\.png' } | Should -Not -BeNullOrEmpty
        $list = $Sent[0] | Format-List | Out-String -Width 80
        $list | Should -Match ([regex]::Escape($Sent[0].MessageId))
        foreach ($result in $Sent | Where-Object MessageId) { ($lines -join "`n") | Should -Not -Match ([regex]::Escape($result.MessageId.Substring(0, 6))) }
    }
}

Describe 'the result table of Send-ZApiTextStatus' {
    It 'at <Width> columns: the message last, cut between characters, the other fields in line' -TestCases @(@{ Width = 80 }, @{ Width = 200 }) {
        $columns = [ordered]@{
            'Outcome'     = { "$($_.Outcome)" }
            'Expires/Due' = { $_.ExpiresAt.LocalDateTime.ToString('g') }
            'Message'     = { $_.Message.Substring(0, 4) }
        }
        $lines = Assert-Table $Texts $columns $Width
        for ($r = 0; $r -lt $Texts.Count; $r++) {
            $start = $lines[$r + 2].IndexOf($Texts[$r].Message.Substring(0, 4), [System.StringComparison]::Ordinal)
            Assert-CutBetweenCharacter $lines[$r + 2].Substring($start).TrimEnd() $Texts[$r].Message
        }
    }
}

Describe 'the table of Get-ZApiStatusHistory' {
    It 'at <Width> columns: headers whole, one line per status, each field under its header' -TestCases @(@{ Width = 80 }, @{ Width = 120 }, @{ Width = 200 }) {
        $columns = [ordered]@{
            'At'      = { $_.At.LocalDateTime.ToString('g') }
            'Outcome' = { "$($_.Outcome)" }
            'Kind'    = { $_.Kind }
            'Name'    = { $name = if ($_.Source -like '/*' -or $_.Source -match '^[A-Za-z]:\\') { Split-Path -Leaf $_.Source } else { $_.Source }; $name.Substring(0, [Math]::Min(9, $name.Length)) }
            'Caption' = { if ($_.Caption) { $_.Caption.Substring(0, 4) } }
        }
        $lines = Assert-Table $Entries $columns $Width
        for ($r = 0; $r -lt $Entries.Count; $r++) {
            if (-not $Entries[$r].Caption) { continue }
            $start = $lines[$r + 2].IndexOf($Entries[$r].Caption.Substring(0, 4), [System.StringComparison]::Ordinal)
            Assert-CutBetweenCharacter $lines[$r + 2].Substring($start).TrimEnd() $Entries[$r].Caption
        }
    }

    It 'leaves the ids to the list view, whole, rather than cut them in the table' {
        foreach ($width in 80, 200) {
            $table = (Get-TableLine $Entries $width) -join "`n"
            foreach ($entry in $Entries) { $table | Should -Not -Match ([regex]::Escape($entry.MessageId.Substring(0, 6))) }
        }
        ($Entries[0] | Format-List | Out-String -Width 80) | Should -Match ('MessageId\s+: ' + [regex]::Escape($Entries[0].MessageId))
    }
}

Describe 'the width tables' {
    It 'come from the Wcwidth the module ships in Dependencies, found by its resolver as on Windows PowerShell' {
        $null = $Sent | Format-Table | Out-String
        $wcwidth = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Wcwidth' }
        $wcwidth | Should -HaveCount 1
        $wcwidth.Location | Should -Be (Join-Path (Split-Path $env:ZAPI_TEST_MODULE) 'Dependencies/Wcwidth.dll' | Resolve-Path).ProviderPath
    }
}

Describe 'the connection tables' {
    It 'at 80 columns: Get-ZApiConnection and Test-ZApiConnection show every header whole and no secret' {
        $connection = Get-ZApiConnection
        $lines = Get-TableLine @($connection) 80
        $lines[0] | Should -Match '^InstanceId\s+Source\s+BaseUri$'
        $lines[2] | Should -Match ('^' + [regex]::Escape($connection.InstanceId) + '\s+Set-ZApiConnection\s+' + [regex]::Escape($connection.BaseUri.ToString()) + '$')
        ($lines -join "`n") | Should -Not -Match ([regex]::Escape($Sandbox.Token))

        $status = Test-ZApiConnection
        $lines = Get-TableLine @($status) 80
        $lines[0] | Should -Match '^InstanceId\s+Connected\s+SmartphoneConnected\s+Error$'
        $lines[2] | Should -Match ('^' + [regex]::Escape($status.InstanceId) + '\s+True\s+True')
    }
}
