@{
    RootModule             = 'ZApi.Status.Media.dll'
    ModuleVersion          = '0.2.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = 'b3d2a8e4-5c1f-4f6a-9e7d-8a1c3f0b6d92'
    Author                 = 'ZApi.Status contributors'
    CompanyName            = 'ZApi.Status'
    Copyright              = '(c) ZApi.Status contributors. MIT License.'
    Description            = 'Prepares phone photos and clips for a WhatsApp status: HEIC, sideways JPEGs, large PNGs and long videos become upright, metadata-free JPEG, PNG or H.264 MP4 within the size limits. Pipe its output into Send-ZApiImageStatus or Send-ZApiVideoStatus (module ZApi.Status).'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('ZApi.Status.Media.format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'ConvertTo-ZApiStatusImage'
        'ConvertTo-ZApiStatusVideo'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('WhatsApp', 'Z-API', 'Status', 'HEIC', 'Image', 'Video', 'ffmpeg', 'ImageMagick', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux')
            LicenseUri   = 'https://github.com/zapi-status/ZApi.Status/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/zapi-status/ZApi.Status'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
