@{
    Noun        = 'video'
    Synopsis    = 'Posts one WhatsApp status per video: MP4 or 3GP files, links or Base64, up to 10 MB.'
    Description = @'
Send-ZApiVideoStatus posts each input video to the WhatsApp status of the connected Z-API instance and writes one VideoStatusResult per status queued, in input order. It works as Send-ZApiImageStatus does: the same paths, links, Base64, captions, retries, error handling and streaming upload.

The container is read from the content: MP4 and 3GP (ISO media with an ftyp brand) are posted; a QuickTime .mov, WebM, AVI or an image is refused with UnsupportedVideoType, and a video over -MaximumVideoBytes with VideoTooLarge, before anything is sent. So is an MP4 or 3GP whose top-level boxes make no playable file: no moov index or mdat samples, or a box that runs past the end of the file (a recording never finished, a copy cut short). The message says which; ConvertTo-ZApiStatusVideo of the ZApi.Status.Media module remakes what can be played.
'@
    Parameters  = @{
        MaximumVideoBytes = 'Videos larger than this are refused (VideoTooLarge) before anything is sent. Z-API documents 10 MB for video statuses.'
    }
    Defaults    = @{ MaximumVideoBytes = '10485760 (10 MiB)' }
    Wildcards   = @('Path')
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths, from the pipeline or a Path property.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem, bound by their PSPath property to -LiteralPath.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with Path, LiteralPath, Uri or Base64 and Caption properties, such as Import-Csv rows.' }
    )
    Outputs     = @(@{ Type = 'ZApi.Status.VideoStatusResult'; Description = 'Source, Caption, MimeType, ByteCount, ZaapId, MessageId, SentAt and ExpiresAt.' })
    Notes       = 'Error ids: VideoNotFound, PathIsDirectory, UnsupportedProvider, UnsupportedVideoType, VideoEmpty, VideoTooLarge, VideoUnreadable, InvalidVideoUri, InvalidBase64, InvalidPostAt, InvalidRepeat, InvalidTimeZone, RepeatNeedsHistory, AsOfNeedsWhatIf, InvalidUnicodeText, ZApiNotConfigured, ZApiAuthenticationFailed, ZApiInstanceNotConnected, ZApiPhoneOffline, ZApiPhoneCheckFailed, ZApiRateLimited, ZApiOutcomeUnknown, ZApiRequestFailed, ZApiUnreachable. See about_ZApi.Status.'
    Examples    = @(
        @{ Title = 'Post the clips of a folder'; Code = 'Get-ChildItem ./clips -Filter *.mp4 | Send-ZApiVideoStatus -Caption ''Launch day'''; Remarks = 'One status per clip.' }
        @{ Title = 'A CSV batch'; Code = 'Import-Csv ./clips.csv | Send-ZApiVideoStatus   # columns Path,Caption'; Remarks = 'Each row posts its own caption.' }
        @{ Title = 'Clips straight from a phone'; Code = @'
Import-Module ZApi.Status.Media
Get-ChildItem ~/DCIM/Camera -Filter *.mov | ConvertTo-ZApiStatusVideo | Send-ZApiVideoStatus -Caption 'Holidays'
'@; Remarks = 'ConvertTo-ZApiStatusVideo, in the companion module ZApi.Status.Media, turns QuickTime, Matroska, WebM and AVI clips into an H.264 MP4 within 10 MB and 60 seconds (it needs ffmpeg on PATH). Its FileInfo output binds -LiteralPath.' }
        @{ Title = 'A runbook that posts yesterday''s recording'; Code = @'
$clip = Get-ChildItem $env:RECORDINGS -Filter *.mp4 | Sort-Object LastWriteTime | Select-Object -Last 1
$clip | Send-ZApiVideoStatus -Caption "Highlights $((Get-Date).AddDays(-1).ToString('d'))" -ErrorAction Stop
'@; Remarks = 'The connection comes from ZAPI_* variables or Set-ZApiConnection with Get-Secret.' }
    )
    Links       = @('Send-ZApiImageStatus', 'Send-ZApiTextStatus', 'about_ZApi.Status')
}
