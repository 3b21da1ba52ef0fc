# The module promises Windows PowerShell 5.1. Its scripts (manifests, the sandbox module, the help sources) and the
# examples that the README and the help tell users to run must not use what only PowerShell 7 has: on 5.1 they would
# not parse, or would run differently. The suite runs on PowerShell 7, whose parser accepts all of it, so its AST is
# searched for the constructs 5.1 lacks and for a few .NET members .NET Framework lacks; a script file's bytes are
# checked for text 5.1 would read in the ANSI code page; under Windows PowerShell a script that does not parse is
# reported too.
#
# build.ps1 is left out: the README runs it as `dotnet pwsh ./build.ps1`, PowerShell 7 only. So are the tests, which CI
# parses under powershell.exe itself when it runs them there.
BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).ProviderPath
    $script:OnWindowsPowerShell = $PSVersionTable.PSEdition -eq 'Desktop'

    # .NET members a script may name that .NET Framework (Windows PowerShell 5.1) lacks; a short list of the ones a
    # script is likely to reach for, each with why, found by name only (no type inference).
    $script:MissingStaticMembers = @(
        @{ Type = 'IO.Path'; Member = 'GetRelativePath'; Why = 'Path.GetRelativePath is .NET Core 2.0 and later' }
        @{ Type = 'IO.Path'; Member = 'Join'; Why = 'Path.Join is .NET Core 3.0 and later' }
        @{ Type = 'Convert'; Member = 'ToHexString'; Why = 'Convert.ToHexString is .NET 5 and later' }
        @{ Type = 'Convert'; Member = 'FromHexString'; Why = 'Convert.FromHexString is .NET 5 and later' }
        @{ Type = 'OperatingSystem'; Member = '*'; Why = 'OperatingSystem.IsWindows() and its siblings are .NET 5 and later' }
    )

    # The value of a property that Windows PowerShell's AST classes may not have (NullConditional, BlockKind Clean).
    function Get-AstProperty($Node, [string] $Name) {
        $property = $Node.PSObject.Properties[$Name]
        if ($property) { $property.Value } else { $null }
    }

    # A type name without the System. that PowerShell lets a script leave out.
    function Get-ShortTypeName([string] $Name) { $Name -replace '^System\.', '' }

    # What Windows PowerShell 5.1 lacks in one parsed script: one finding (Line, Construct) per construct.
    function Find-WindowsPowerShellGap([System.Management.Automation.Language.Ast] $Ast) {
        foreach ($node in $Ast.FindAll({ $true }, $true)) {
            $construct = switch ($node.GetType().Name) {
                'TernaryExpressionAst' { 'ternary operator ? :' }
                'PipelineChainAst' { 'pipeline chain && / ||' }
                'BinaryExpressionAst' { if ("$($node.Operator)" -eq 'QuestionQuestion') { 'null-coalescing ??' } }
                'AssignmentStatementAst' { if ("$($node.Operator)" -eq 'QuestionQuestionEquals') { 'null-coalescing assignment ??=' } }
                'IndexExpressionAst' { if (Get-AstProperty $node 'NullConditional') { 'null-conditional index ?[]' } }
                'NamedBlockAst' { if ("$(Get-AstProperty $node 'BlockKind')" -eq 'Clean') { 'clean block' } }
                'CommandAst' {
                    if ($node.GetCommandName() -in 'ForEach-Object', 'foreach', '%') {
                        # -Pa is the shortest prefix that names -Parallel alone (-P could be -Process).
                        $parallel = $node.CommandElements | Where-Object {
                            $_ -is [System.Management.Automation.Language.CommandParameterAst] -and
                            $_.ParameterName.Length -ge 2 -and 'Parallel'.StartsWith($_.ParameterName, [StringComparison]::OrdinalIgnoreCase)
                        }
                        if ($parallel) { 'ForEach-Object -Parallel' }
                    }
                }
                { $_ -in 'TypeExpressionAst', 'TypeConstraintAst' } {
                    if ($node.TypeName.FullName -match '(^|[\[,\s])(System\.)?Text\.Json(\.|\]|,|$)') { 'System.Text.Json, which .NET Framework does not have' }
                }
                { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst' } {
                    $member = if ($node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $node.Member.Value }
                    if (Get-AstProperty $node 'NullConditional') { 'null-conditional member access ?.' }
                    elseif ($node.Static -and $node.Expression -is [System.Management.Automation.Language.TypeExpressionAst]) {
                        $type = Get-ShortTypeName $node.Expression.TypeName.FullName
                        foreach ($missing in $MissingStaticMembers) {
                            if ($type -eq $missing.Type -and $member -like $missing.Member) { $missing.Why }
                        }
                    }
                    elseif (-not $node.Static -and $member -eq 'ArgumentList') {
                        'ProcessStartInfo.ArgumentList is .NET Core 2.1 and later: .NET Framework has only the Arguments string'
                    }
                }
            }
            foreach ($found in @($construct)) {
                if ($found) { [pscustomobject]@{ Line = $node.Extent.StartLineNumber; Construct = $found } }
            }
        }
    }

    # One script's findings, named by source and line: the constructs, and under Windows PowerShell a parse error
    # (which is how 5.1 meets most of them). Text that may be prose (a table in an about topic) reports no parse errors.
    function Test-WindowsPowerShellScript {
        param([string] $Source, [string] $Text, [string] $Path, [int] $FirstLine = 1, [switch] $MayBeProse)
        $tokens = $null
        $errors = $null
        $ast = if ($Path) { [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors) }
        else { [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $errors) }
        $findings = @(Find-WindowsPowerShellGap $ast)
        if ($Path -and -not (Test-ByteOrderMark $Path)) {
            # Windows PowerShell reads a script without a byte order mark in the ANSI code page, so UTF-8 text in a
            # string or a name changes (and a byte that reads as a curly quote can end a string); in a comment it is harmless.
            $lines = $tokens | Where-Object { "$($_.Kind)" -ne 'Comment' -and $_.Text -match '[^\x00-\x7F]' } | ForEach-Object { $_.Extent.StartLineNumber }
            $findings += @($lines | Sort-Object -Unique | ForEach-Object {
                    [pscustomobject]@{ Line = $_; Construct = 'non-ASCII text in a file without a UTF-8 byte order mark' }
                })
        }
        if (-not $MayBeProse) {
            $findings += @($errors | ForEach-Object {
                    [pscustomobject]@{ Line = $_.Extent.StartLineNumber; Construct = "does not parse in PowerShell $($PSVersionTable.PSVersion): $($_.Message)" }
                })
        }
        $findings | ForEach-Object {
            [pscustomobject]@{ Source = $Source; Line = $_.Line + $FirstLine - 1; Construct = $_.Construct }
        }
    }

    # True when the file starts with a UTF-8 or UTF-16 byte order mark, which Windows PowerShell honours.
    function Test-ByteOrderMark([string] $Path) {
        $stream = [System.IO.File]::OpenRead($Path)
        try {
            $head = New-Object byte[] 3
            $count = $stream.Read($head, 0, 3)
        }
        finally { $stream.Dispose() }
        ($count -ge 3 -and $head[0] -eq 0xEF -and $head[1] -eq 0xBB -and $head[2] -eq 0xBF) -or
        ($count -ge 2 -and (($head[0] -eq 0xFF -and $head[1] -eq 0xFE) -or ($head[0] -eq 0xFE -and $head[1] -eq 0xFF)))
    }

    function Get-RepoName([string] $Path) {
        $full = [System.IO.Path]::GetFullPath($Path)
        if ($full.StartsWith($RepoRoot, [StringComparison]::Ordinal)) { $full = $full.Substring($RepoRoot.Length).TrimStart('\', '/') }
        $full -replace '\\', '/'
    }

    # Every script the modules ship or src/ holds, and the built module folders' (their manifests).
    function Get-ShippedScript {
        $folders = @(Join-Path $RepoRoot 'src')
        if ($env:ZAPI_TEST_MODULE) {
            $moduleFolder = Split-Path $env:ZAPI_TEST_MODULE
            $folders += $moduleFolder
            $mediaFolder = Join-Path (Split-Path $moduleFolder) 'ZApi.Status.Media'
            if (Test-Path $mediaFolder) { $folders += $mediaFolder }
        }
        $files = @(Get-Item (Join-Path $RepoRoot 'ZApi.Status.psd1'))
        $files += $folders | ForEach-Object { Get-ChildItem -LiteralPath $_ -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' } |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj|node_modules)[\\/]' }
        $files | Sort-Object FullName -Unique
    }

    # The ```powershell blocks of a markdown file, each with the line its code starts on, indentation removed.
    function Get-FencedPowerShell([string] $Path) {
        $lines = @(Get-Content -LiteralPath $Path -Encoding UTF8)
        $start = -1
        $indent = ''
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($start -lt 0 -and $lines[$i] -match '^(\s*)```\s*(powershell|pwsh|ps1|ps)\s*$') { $start = $i + 1; $indent = $Matches[1] }
            elseif ($start -ge 0 -and $lines[$i] -match '^\s*```\s*$') {
                $code = @($lines[$start..($i - 1)] | ForEach-Object { if ($_.StartsWith($indent)) { $_.Substring($indent.Length) } else { $_ } })
                if ($i -gt $start) { [pscustomobject]@{ FirstLine = $start + 1; Text = $code -join "`n" } }
                $start = -1
            }
        }
    }

    # The Code of each example in a help source (Help/*.psd1), with the line of the file its code starts on.
    function Get-HelpExample([string] $Path) {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $null, [ref] $null)
        foreach ($table in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.HashtableAst] }, $true)) {
            foreach ($pair in $table.KeyValuePairs) {
                if ($pair.Item1 -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $pair.Item1.Value -eq 'Code') {
                    $string = $pair.Item2.Find({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -or
                            $n -is [System.Management.Automation.Language.ExpandableStringExpressionAst] }, $true)
                    # A here-string's text starts on the line after its @' opener.
                    $hereString = "$($string.StringConstantType)" -like '*HereString'
                    [pscustomobject]@{ FirstLine = $string.Extent.StartLineNumber + [int] $hereString; Text = $string.Value }
                }
            }
        }
    }

    # The indented blocks of an about topic: its examples, and its tables too, which cannot be told apart cheaply.
    function Get-AboutBlock([string] $Path) {
        $lines = @(Get-Content -LiteralPath $Path -Encoding UTF8)
        $start = -1
        for ($i = 0; $i -le $lines.Count; $i++) {
            $inBlock = $i -lt $lines.Count -and $lines[$i] -match '^ {8}'
            if ($inBlock -and $start -lt 0) { $start = $i }
            elseif (-not $inBlock -and $start -ge 0) {
                $code = @($lines[$start..($i - 1)] | ForEach-Object { $_ -replace '^ {8}', '' })
                [pscustomobject]@{ FirstLine = $start + 1; Text = $code -join "`n" }
                $start = -1
            }
        }
    }

    # Everything examined, each with its findings.
    function Get-Examined {
        foreach ($file in Get-ShippedScript) {
            $name = Get-RepoName $file.FullName
            [pscustomobject]@{ Source = $name; Findings = @(Test-WindowsPowerShellScript -Source $name -Path $file.FullName) }
            if ($file.FullName -match '[\\/]Help[\\/][^\\/]+\.psd1$') {
                foreach ($example in Get-HelpExample $file.FullName) {
                    [pscustomobject]@{ Source = "$name example"; Findings = @(Test-WindowsPowerShellScript -Source $name -Text $example.Text -FirstLine $example.FirstLine) }
                }
            }
        }
        $readme = Join-Path $RepoRoot 'README.md'
        foreach ($block in Get-FencedPowerShell $readme) {
            [pscustomobject]@{ Source = 'README.md block'; Findings = @(Test-WindowsPowerShellScript -Source 'README.md' -Text $block.Text -FirstLine $block.FirstLine) }
        }
        $abouts = Get-ChildItem (Join-Path $RepoRoot 'src') -Recurse -File -Filter 'about_*.help.txt' | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        foreach ($about in $abouts) {
            $name = Get-RepoName $about.FullName
            foreach ($block in Get-AboutBlock $about.FullName) {
                [pscustomobject]@{ Source = "$name block"; Findings = @(Test-WindowsPowerShellScript -Source $name -Text $block.Text -FirstLine $block.FirstLine -MayBeProse) }
            }
        }
    }
}

Describe 'what Windows PowerShell 5.1 lacks, in the scripts the modules ship and the examples users run' {
    BeforeAll {
        $script:Examined = @(Get-Examined)
    }

    It 'examines the manifests, the sandbox module, the help sources and the README and about examples' {
        $sources = $Examined.Source
        $sources | Should -Contain 'ZApi.Status.psd1'
        $sources | Should -Contain 'src/ZApi.Sandbox/ZApi.Sandbox.psm1'
        $sources | Should -Contain 'src/ZApi.Status.Media/ZApi.Status.Media.psd1'
        $sources | Should -Contain 'src/ZApi.Status/Help/Send-ZApiImageStatus.psd1 example'
        @($sources | Where-Object { $_ -eq 'README.md block' }).Count | Should -BeGreaterThan 10
        @($sources | Where-Object { $_ -like 'src/ZApi.Status/en-US/about_ZApi.Status.help.txt block' }).Count | Should -BeGreaterThan 5
        if ($env:ZAPI_TEST_MODULE) { $sources | Should -Contain (Get-RepoName $env:ZAPI_TEST_MODULE) }
    }

    It 'finds none of it' {
        $found = @($Examined | ForEach-Object { $_.Findings } | ForEach-Object { "$($_.Source):$($_.Line): $($_.Construct)" })
        $found | Should -BeNullOrEmpty -Because "Windows PowerShell 5.1 lacks them ($($found.Count) found)"
    }
}

Describe 'the detector' {
    It 'reports <Name> with its line' -ForEach @(
        @{ Name = 'the ternary operator'; Code = '$label = $ok ? ''yes'' : ''no'''; Construct = 'ternary operator ? :'; Syntax = $true }
        @{ Name = '??'; Code = '$name = $given ?? ''default'''; Construct = 'null-coalescing ??'; Syntax = $true }
        @{ Name = '??='; Code = '$cache ??= @{}'; Construct = 'null-coalescing assignment ??='; Syntax = $true }
        @{ Name = '?. on a property'; Code = '$length = ${file}?.Length'; Construct = 'null-conditional member access ?.'; Syntax = $true }
        @{ Name = '?. on a method'; Code = '${file}?.Refresh()'; Construct = 'null-conditional member access ?.'; Syntax = $true }
        @{ Name = '?[]'; Code = '$first = ${list}?[0]'; Construct = 'null-conditional index ?[]'; Syntax = $true }
        @{ Name = '&&'; Code = 'dotnet build && dotnet test'; Construct = 'pipeline chain && / ||'; Syntax = $true }
        @{ Name = '||'; Code = 'Test-Path ./a || New-Item ./a'; Construct = 'pipeline chain && / ||'; Syntax = $true }
        @{ Name = 'a clean block'; Code = 'function Get-Thing { process { $_ } clean { ''done'' } }'; Construct = 'clean block'; Syntax = $true }
        @{ Name = 'ForEach-Object -Parallel'; Code = '1..3 | ForEach-Object -Parallel { $_ } -ThrottleLimit 2'; Construct = 'ForEach-Object -Parallel'; Syntax = $false }
        @{ Name = '% -pa, a prefix of -Parallel'; Code = '1..3 | % -pa { $_ }'; Construct = 'ForEach-Object -Parallel'; Syntax = $false }
        @{ Name = 'a System.Text.Json type'; Code = '[System.Text.Json.JsonSerializer]::Serialize($value)'; Construct = 'System.Text.Json, which .NET Framework does not have'; Syntax = $false }
        @{ Name = 'a System.Text.Json parameter type'; Code = 'param([Text.Json.JsonElement] $Element)'; Construct = 'System.Text.Json, which .NET Framework does not have'; Syntax = $false }
        @{ Name = 'ProcessStartInfo.ArgumentList'; Code = '$start.ArgumentList.Add(''-NoProfile'')'; Construct = 'ProcessStartInfo.ArgumentList is .NET Core 2.1 and later: .NET Framework has only the Arguments string'; Syntax = $false }
        @{ Name = 'Path.GetRelativePath'; Code = '[IO.Path]::GetRelativePath($from, $to)'; Construct = 'Path.GetRelativePath is .NET Core 2.0 and later'; Syntax = $false }
        @{ Name = 'Convert.ToHexString'; Code = '[System.Convert]::ToHexString($bytes)'; Construct = 'Convert.ToHexString is .NET 5 and later'; Syntax = $false }
        @{ Name = 'OperatingSystem.IsWindows'; Code = 'if ([OperatingSystem]::IsWindows()) { }'; Construct = 'OperatingSystem.IsWindows() and its siblings are .NET 5 and later'; Syntax = $false }
    ) {
        if ($Syntax -and $OnWindowsPowerShell) {
            Set-ItResult -Skipped -Because 'Windows PowerShell''s parser has no AST for it: there the check is that the scripts parse'
            return
        }
        # On the third line of a fixture, named as a file would be.
        $fixture = "# a fixture`n`$ok = `$true`n$Code`n"
        $found = @(Test-WindowsPowerShellScript -Source 'fixture.ps1' -Text $fixture -FirstLine 1)

        @($found | Where-Object Construct -EQ $Construct) | Should -HaveCount 1
        ($found | Where-Object Construct -EQ $Construct).Line | Should -Be 3
        ($found | Where-Object Construct -EQ $Construct).Source | Should -Be 'fixture.ps1'
    }

    It 'counts the lines of an example from where it starts in its file' {
        $found = @(Test-WindowsPowerShellScript -Source 'README.md' -Text "Get-Date`n`$x = `$null`nGet-Item ./a | % -Parallel { }" -FirstLine 40)

        "$($found.Source):$($found.Line)" | Should -Be 'README.md:42'
    }

    It 'passes what Windows PowerShell 5.1 has, though it looks alike' {
        $fixture = @'
param([string] $Path, [switch] $Parallel)
$label = if ($ok) { 'yes' } else { 'no' }
$name = if ($null -ne $given) { $given } else { 'default' }
$start = New-Object System.Diagnostics.ProcessStartInfo
$start.Arguments = '-NoProfile'
Start-Process powershell -ArgumentList '-NoProfile' -Wait
Invoke-Command -ScriptBlock { $args } -ArgumentList 1, 2
1..3 | ForEach-Object -Process { $_ } -PipelineVariable item
1..3 | ForEach-Object { $_ * 2 }
$text = 'a ?? b && c || d ?. e'   # $x ?? y && z
$json = $data | ConvertTo-Json -Depth 3
[IO.Path]::GetFullPath($Path)
[System.IO.Path]::Combine($Path, 'a')
$first = $list[0]
$length = $file.Length
if ($a -and $b -or -not $c) { Get-Date }
function Get-Thing { begin { } process { $_ } end { } }
'@
        Test-WindowsPowerShellScript -Source 'fixture.ps1' -Text $fixture | Should -BeNullOrEmpty
    }

    It 'reports non-ASCII text outside comments in a file without a byte order mark, naming its line' {
        $script = "# 2" + [char] 0xD7 + "2 in a comment is harmless`n`$size = '2" + [char] 0xD7 + "2'`n"
        $utf8 = Join-Path $TestDrive 'utf8.ps1'
        $withBom = Join-Path $TestDrive 'utf8-bom.ps1'
        [System.IO.File]::WriteAllText($utf8, $script, (New-Object System.Text.UTF8Encoding $false))
        [System.IO.File]::WriteAllText($withBom, $script, (New-Object System.Text.UTF8Encoding $true))

        $found = @(Test-WindowsPowerShellScript -Source 'utf8.ps1' -Path $utf8)
        $found | ForEach-Object { "$($_.Source):$($_.Line) $($_.Construct)" } | Should -Be 'utf8.ps1:2 non-ASCII text in a file without a UTF-8 byte order mark'
        Test-WindowsPowerShellScript -Source 'utf8-bom.ps1' -Path $withBom | Should -BeNullOrEmpty
    }

    It 'reports a script that does not parse, naming it' {
        $found = @(Test-WindowsPowerShellScript -Source 'fixture.ps1' -Text "Get-Date`n`$x = (1 + `n" -FirstLine 1)

        $found | Should -Not -BeNullOrEmpty
        $found | ForEach-Object { "$($_.Source):$($_.Line) $($_.Construct)" } | Should -BeLike 'fixture.ps1:[23] does not parse in PowerShell*'
    }
}
