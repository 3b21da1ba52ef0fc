# A PostAt at the ends of the calendar means the same in every time zone: refused as InvalidPostAt, never an overflow
# reported as a failed request in one zone and a status waiting for the year 9999 in another.
BeforeAll {
    . (Join-Path $PSScriptRoot '../../Get-ChildPowerShell.ps1')
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ("zapi-tz-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $script:Image = Join-Path $Folder 'a.png'
    [System.IO.File]::WriteAllBytes($Image, [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + [byte[]]::new(64))

    # What -WhatIf reports for each PostAt, in a child process whose local time zone is $Zone.
    function Invoke-InTimeZone([string] $Zone) {
        $command = Get-ChildPowerShell
        $script = @"
Import-Module '$env:ZAPI_TEST_MODULE'
@(foreach (`$postAt in [datetime]::MaxValue, '9999-12-31 23:59', [datetime]::MinValue, '0001-01-01T00:00-12:00') {
    `$failure = `$null
    Send-ZApiImageStatus -LiteralPath '$Image' -PostAt `$postAt -WhatIf -ErrorVariable failure -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
    [pscustomobject]@{ Offset = [TimeZoneInfo]::Local.BaseUtcOffset.TotalHours; Id = `$failure[0].FullyQualifiedErrorId.Split(',')[0]; Message = `$failure[0].Exception.Message }
}) | ConvertTo-Json -Compress
"@
        $previous = $env:TZ
        try {
            $env:TZ = $Zone
            $json = & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script
        }
        finally {
            $env:TZ = $previous
        }

        $json | ConvertFrom-Json
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Folder -ErrorAction SilentlyContinue
}

Describe 'PostAt at the ends of the calendar' {
    It 'is InvalidPostAt west and east of Greenwich, as a [datetime] and as text' {
        $west = @(Invoke-InTimeZone 'America/Sao_Paulo')
        $east = @(Invoke-InTimeZone 'Asia/Tokyo')

        $west.Offset | Sort-Object -Unique | Should -Be -3
        $east.Offset | Sort-Object -Unique | Should -Be 9
        $west.Id + $east.Id | Should -Be (@('InvalidPostAt') * 8)
        $west.Message + $east.Message | ForEach-Object { $_ | Should -Match 'out of range' }
    }
}
