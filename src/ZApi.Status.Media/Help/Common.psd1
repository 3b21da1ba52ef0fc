# Help text for the parameters both media cmdlets share. "<noun>" becomes the cmdlet's noun (image, video).
@{
    Parameters = @{
        Path         = 'The <noun> files to convert, one output per file. Wildcards expand, as in Get-Content -Path. Takes strings from the pipeline, and a Path property (such as a CSV column) by property name. A path that matches nothing, a directory, or a path on another provider is reported and the batch goes on.'
        LiteralPath  = 'The <noun> files to convert, taken exactly as written: no wildcard expansion, so brackets in names are safe. Get-ChildItem output binds here by its PSPath property. Aliases: PSPath, LP.'
        Destination  = 'The cache folder for converted files, created when missing. Each file is named by the SHA-256 of its source bytes and the settings, so converting the same <noun> again finds the earlier file without decoding, and the same input always gives the same bytes. The folder can be emptied at any time.'
        Caption      = 'Carried onto the output as a Caption property, so Send-ZApiImageStatus or Send-ZApiVideoStatus binds it by property name: in Import-Csv ./plan.csv | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus, each row''s caption follows its file. Not used by the conversion.'
        PostAt       = 'Carried onto the output as a PostAt property, so the Send cmdlets'' calendar (PostAt by property name) still sees a CSV row''s time after the conversion. Not used by the conversion.'
        KeepMetadata = 'Keeps the metadata of the <noun> (EXIF with GPS position, camera, dates; XMP; container tags). Without it every output is stripped of it, because a status is public.'
    }
}
