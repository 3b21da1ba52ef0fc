@{
    Noun        = 'image'
    Synopsis    = 'Prepares phone photos for a WhatsApp status: HEIC, sideways or oversized photos become upright, metadata-free JPEG (PNG when transparent) within the limits.'
    Description = @'
ConvertTo-ZApiStatusImage reads each photo a phone or a camera makes and writes a file that a WhatsApp status takes: HEIC/HEIF (iPhone), AVIF, JPEG, PNG, WebP, GIF, TIFF and BMP are read, judged by their content and never by their extension. The EXIF orientation is applied, so a photo that lies on its side comes out upright; all metadata, GPS position included, is removed unless -KeepMetadata is given; the longest side is reduced to -MaximumDimension; and the result is a JPEG at the highest quality (85 down to 45) that fits in -MaximumBytes, or a PNG when the photo has transparency.

It writes one System.IO.FileInfo per input, with a SourcePath note property naming the input and a Conversion note property: Converted, Cached (the same bytes converted with the same settings before: the cached file, without decoding) or Unchanged (the original file: a small, upright JPEG that holds its picture and nothing else, that is no metadata, no second picture after its end or announced by an MPF segment, and sRGB colours or no profile; or an animated GIF within the limits). A JPEG in Display P3 or Adobe RGB is converted to sRGB, as one in CMYK is. Pipe it into Send-ZApiImageStatus of the ZApi.Status module, which binds the FileInfo as Get-ChildItem output.

Decoding is done by ImageMagick (Magick.NET) restricted to the eight formats above, with limits on pixels (100 megapixels, 30,000 a side), memory and time (60 seconds): a decompression bomb, a damaged file or a text file renamed .heic yields one error record and the next photo converts as usual.
'@
    Parameters  = @{
        MaximumDimension = 'The longest side of the output, in pixels. Larger photos are scaled down, keeping their proportions; smaller ones are never enlarged.'
        MaximumBytes     = 'The largest output file, in bytes. A JPEG is encoded at falling quality, then smaller, until it fits; a PNG only smaller.'
    }
    Defaults    = @{
        MaximumDimension = '1920'
        MaximumBytes     = '5242880 (5 MiB)'
        Destination      = '<local application data>/ZApi.Status.Media/Cache'
    }
    Wildcards   = @('Path')
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths, from the pipeline or a Path property.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem, bound by their PSPath property to -LiteralPath.' }
    )
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'The file to post, with SourcePath and Conversion (Converted, Cached, Unchanged) note properties.' })
    Notes       = 'Error ids: ImageNotFound, PathIsDirectory, UnsupportedProvider, ImageEmpty, ImageUnreadable (also a FIFO, socket or device), UnsupportedMediaType (not one of the formats read, by content), MediaUnreadable (damaged or cut short), MediaTooLarge (over the pixel, memory or time limits, or cannot fit -MaximumBytes), MediaConversionFailed, DestinationUnwritable (stops the batch). See about_ZApi.Status.Media.'
    Examples    = @(
        @{ Title = 'Post the photos of a phone folder'; Code = 'Get-ChildItem ~/DCIM/Camera -File | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus -Caption ''Holidays'''; Remarks = 'HEIC photos, sideways JPEGs and large screenshots all become status-ready files; each is posted once.' }
        @{ Title = 'See what would change'; Code = 'Get-ChildItem ./week12 -File | ConvertTo-ZApiStatusImage -Verbose | Format-Table Name, Length, SourcePath, Conversion'; Remarks = 'Verbose names the size and type before and after. Run it again: every line says Cached, and nothing is decoded.' }
        @{ Title = 'A CSV batch, each photo with its caption'; Code = 'Import-Csv ./plan.csv | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus'; Remarks = 'The CSV has LiteralPath (or Path) and Caption columns. Each output carries its row''s Caption, which Send-ZApiImageStatus binds by property name; a LiteralPath column is never a wildcard, and a Path column that names an existing file is that file.' }
        @{ Title = 'Keep the photo''s metadata, smaller files'; Code = 'ConvertTo-ZApiStatusImage -LiteralPath ./IMG_0001.HEIC -KeepMetadata -MaximumDimension 1280 -MaximumBytes 1MB -Destination ./ready'; Remarks = 'The output keeps EXIF (still upright) and lands in ./ready.' }
    )
    Links       = @('ConvertTo-ZApiStatusVideo', 'Send-ZApiImageStatus', 'about_ZApi.Status.Media')
}
