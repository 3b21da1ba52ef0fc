@{
    RootModule             = 'ZApi.Status.dll'
    ModuleVersion          = '0.3.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '6f0c7a51-3f7e-4b8e-9d0b-2c6a4e1f9a37'
    Author                 = 'ZApi.Status contributors'
    CompanyName            = 'ZApi.Status'
    Copyright              = '(c) ZApi.Status contributors. MIT License.'
    Description            = 'Posts images, videos and text to a WhatsApp status through the Z-API HTTP API: pipe a folder, a CSV or links, get one result per status.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('ZApi.Status.format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Set-ZApiConnection'
        'Get-ZApiConnection'
        'Test-ZApiConnection'
        'Send-ZApiImageStatus'
        'Send-ZApiTextStatus'
        'Send-ZApiVideoStatus'
        'Get-ZApiStatusHistory'
        'Get-ZApiQueue'
        'Remove-ZApiQueuedMessage'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('WhatsApp', 'Z-API', 'Status', 'Story', 'Automation', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/zapi-status/ZApi.Status/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/zapi-status/ZApi.Status'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
