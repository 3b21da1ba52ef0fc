@{
    Noun        = 'image'
    Synopsis    = 'Posts one WhatsApp status per image: files, links or Base64.'
    Description = @'
Send-ZApiImageStatus posts each input image to the WhatsApp status (the 24-hour story) of the connected Z-API instance and writes one ImageStatusResult per status that Z-API queued, in input order. Files are read and Base64-encoded while they are sent, so memory does not grow with the image.

The type is read from the content, not the extension: JPEG, PNG, WebP and GIF are posted; anything else (an iPhone HEIC renamed .jpg, a PDF) is refused before anything is sent. Each bad input gives one non-terminating error whose TargetObject is that input, and the batch goes on. A refused token, an unknown instance or a disconnected phone stops the batch at the first request. Retries happen only where no status can exist (HTTP 429, a connection never made); a timeout or a 5xx is reported as ZApiOutcomeUnknown and never re-sent, because a duplicate status is public.
'@
    Parameters  = @{
        MaximumImageBytes = 'Images larger than this are refused (ImageTooLarge) before anything is sent. Raise it only if Z-API accepts larger images.'
    }
    Defaults    = @{ MaximumImageBytes = '16777216 (16 MiB)' }
    Wildcards   = @('Path')
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths, from the pipeline or a Path property.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem, bound by their PSPath property to -LiteralPath.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with Path, LiteralPath, Uri or Base64 and Caption properties, such as Import-Csv rows.' }
    )
    Outputs     = @(@{ Type = 'ZApi.Status.ImageStatusResult'; Description = 'Source, Caption, MimeType, ByteCount, ZaapId, MessageId, SentAt and ExpiresAt (24 hours later).' })
    Notes       = 'Error ids: ImageNotFound, PathIsDirectory, UnsupportedProvider, UnsupportedImageType, ImageEmpty, ImageTooLarge, ImageUnreadable, InvalidImageUri, InvalidBase64, InvalidPostAt, InvalidRepeat, InvalidTimeZone, RepeatNeedsHistory, AsOfNeedsWhatIf, InvalidUnicodeText, ZApiNotConfigured, ZApiAuthenticationFailed, ZApiInstanceNotConnected, ZApiPhoneOffline, ZApiPhoneCheckFailed, ZApiRateLimited, ZApiOutcomeUnknown, ZApiRequestFailed, ZApiUnreachable. See about_ZApi.Status.'
    Examples    = @(
        @{
            Title   = 'A calendar that keeps itself, run every hour'
            Code    = @'
# calendar.csv:
# Path,Caption,PostAt,Repeat,TimeZone,Until
# ./menu.jpg,Bom dia!,2026-05-04 09:00,cron:0 9 * * 1-5,America/Sao_Paulo,2026-12-18
# ./weekend.jpg,Fim de semana,2026-05-09 10:00,weekly:Sat,America/Sao_Paulo,
Import-Csv ./calendar.csv | Send-ZApiImageStatus -HistoryPath ./calendar.history.jsonl -MaximumLateness 02:00:00
Import-Csv ./calendar.csv | Send-ZApiImageStatus -HistoryPath ./calendar.history.jsonl -WhatIf -AsOf (Get-Date).Date.AddDays(1).AddHours(9)
'@
            Remarks = 'Each hourly run posts the latest due occurrence of each row once (the history remembers it); a run more than two hours late yields Expired instead of a late post. The second line previews what the 09:00 run tomorrow would post, and sends nothing.'
        }
        @{
            Title   = 'Post a folder'
            Code    = 'Get-ChildItem ./week12 -File | Send-ZApiImageStatus -Caption ''Week 12'''
            Remarks = 'One status per image, in the order Get-ChildItem lists them. Files that are not images are reported and skipped.'
        }
        @{
            Title   = 'Find every problem first, then post'
            Code    = @'
Get-ChildItem ./week12 -File | Send-ZApiImageStatus -WhatIf
Get-ChildItem ./week12 -File | Send-ZApiImageStatus
'@
            Remarks = '-WhatIf checks every file (exists, image type, size) and posts nothing.'
        }
        @{
            Title   = 'A CSV batch with a caption per image'
            Code    = @'
# plan.csv:
# LiteralPath,Caption
# ./week12/monday [1].jpg,Monday market
# ./week12/tuesday.png,Fresh bread
Import-Csv ./plan.csv | Send-ZApiImageStatus -ErrorVariable failed
$failed | Select-Object TargetObject, FullyQualifiedErrorId
'@
            Remarks = 'LiteralPath and Caption bind by property name; a LiteralPath is never a wildcard, and a Path column that names an existing file as written is taken literally too. The failures name their row''s path.'
        }
        @{
            Title   = 'An unattended runbook with environment variables'
            Code    = @'
# ZAPI_INSTANCE_ID, ZAPI_TOKEN and ZAPI_CLIENT_TOKEN are set as encrypted variables of the job.
$ProgressPreference = 'SilentlyContinue'
Import-Module ZApi.Status
$results = Get-ChildItem $env:STATUS_FOLDER -File | Send-ZApiImageStatus -ErrorVariable failed -ErrorAction Continue
$results | Group-Object Outcome -NoElement | ForEach-Object { "$($_.Name): $($_.Count)" }
"Failed: $($failed.Count)"
if ($failed) { exit 1 }
'@
            Remarks = 'No set-up code: the environment is the connection. A refused token or a disconnected phone throws and ends the job. Count results by their Outcome: with a status history (ZAPI_HISTORY_PATH) or a calendar, a result can be AlreadyPosted, NotDue or Deferred, and only Posted went out in this run.'
        }
        @{
            Title   = 'Run it again and again: each image is posted once'
            Code    = @'
Get-ChildItem ./week12 -File | Send-ZApiImageStatus -Caption 'Week 12' -HistoryPath ./status-history.jsonl
Get-ChildItem ./week12 -File | Send-ZApiImageStatus -Caption 'Week 12' -HistoryPath ./status-history.jsonl
Get-ZApiStatusHistory ./status-history.jsonl | Format-Table
'@
            Remarks = 'The second run posts nothing: each result says AlreadyPosted, with the first run''s ids and time. A new image in the folder, or the same image with another caption, is posted. Get-ZApiStatusHistory shows what the history holds; an entry InDoubt means look at the phone before posting it again with -Force.'
        }
        @{
            Title   = 'A calendar: post each row when its time has come'
            Code    = @'
# calendar.csv:
# Path,Caption,PostAt
# ./week12/monday.jpg,Good morning,2026-05-04 08:00
# ./week12/friday.jpg,Have a good weekend,2026-05-08 17:30
Import-Csv ./calendar.csv | Send-ZApiImageStatus -HistoryPath ./calendar.history.jsonl -MaximumPostCount 5
'@
            Remarks = 'Run it every hour (a scheduled task or a runbook). PostAt is local time, or a time with an offset such as 2026-05-04T08:00-03:00. A row whose time has come is posted once (the history makes later runs AlreadyPosted); a later row yields NotDue and is posted by a later run; past 5 posts the rest are Deferred to the next run.'
        }
        @{
            Title   = 'Photos straight from a phone (HEIC, sideways, with GPS tags)'
            Code    = @'
Import-Module ZApi.Status.Media
Get-ChildItem ~/DCIM/Camera -File | ConvertTo-ZApiStatusImage | Send-ZApiImageStatus -Caption 'Holidays'
'@
            Remarks = 'ConvertTo-ZApiStatusImage, in the companion module ZApi.Status.Media, turns HEIC, AVIF, TIFF, BMP and oversized photos into an upright JPEG without metadata within the size limits. Its FileInfo output binds -LiteralPath, and a Caption column of a CSV piped through it follows its file.'
        }
        @{
            Title   = 'A link and an inline image'
            Code    = @'
Send-ZApiImageStatus -Uri https://example.org/banner.png -Caption 'Sale'
Send-ZApiImageStatus -Base64 ('data:image/png;base64,' + [Convert]::ToBase64String($bytes))
'@
            Remarks = 'Z-API fetches a link itself; Base64 is checked like a file.'
        }
    )
    Links       = @('Send-ZApiVideoStatus', 'Send-ZApiTextStatus', 'Set-ZApiConnection', 'Test-ZApiConnection', 'about_ZApi.Status')
}
