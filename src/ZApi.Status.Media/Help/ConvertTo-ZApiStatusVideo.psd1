@{
    Noun        = 'video'
    Synopsis    = 'Prepares phone clips for a WhatsApp status: an H.264 + AAC MP4 within 10 MB and a minute, through ffmpeg from PATH.'
    Description = @'
ConvertTo-ZApiStatusVideo reads each clip (MP4, QuickTime .mov, 3GP, Matroska/WebM or AVI, judged by its content) with ffprobe and makes what a WhatsApp status takes: H.264 video and AAC sound in an MP4 of at most -MaximumBytes, -MaximumDurationSec and -MaximumDimension. A clip that already is one, with whole boxes, passes unchanged; one that only needs a new container (QuickTime, metadata such as the GPS position of an iPhone clip, sound that is not AAC) is remuxed without re-encoding; any other is encoded at the bitrate that fills the byte limit. A clip without sound gains a silent track; a clip longer than -MaximumDurationSec is cut to it, with a warning.

It writes one System.IO.FileInfo per input, with SourcePath and Conversion (Converted, Cached, Unchanged) note properties, for Send-ZApiVideoStatus of the ZApi.Status module. Outputs are cached by content and settings, and the same clip gives the same bytes again.

ffmpeg and ffprobe must be on PATH; the module never downloads or ships them. Without them the first input stops the command with FfmpegNotFound, which says how to install them. ffmpeg reads only the container the content was sniffed as, and only from a local file.
'@
    Parameters  = @{
        MaximumBytes       = 'The largest output file, in bytes. Z-API takes video statuses of up to 10 MB.'
        MaximumDurationSec = 'The longest output, in seconds. A longer clip is cut to its first -MaximumDurationSec seconds, with a warning.'
        MaximumDimension   = 'The longest side of the output picture, in pixels. Larger clips are scaled down, keeping their proportions.'
    }
    Defaults    = @{
        MaximumBytes       = '10485760 (10 MiB)'
        MaximumDurationSec = '60'
        MaximumDimension   = '1280'
        Destination        = '<local application data>/ZApi.Status.Media/Cache'
    }
    Wildcards   = @('Path')
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths, from the pipeline or a Path property.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem, bound by their PSPath property to -LiteralPath.' }
    )
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'The MP4 to post, with SourcePath and Conversion (Converted, Cached, Unchanged) note properties.' })
    Notes       = 'Error ids: VideoNotFound, PathIsDirectory, UnsupportedProvider, VideoEmpty, VideoUnreadable (also a FIFO, socket or device), UnsupportedMediaType, MediaUnreadable, MediaTooLarge (the clip cannot fit -MaximumBytes at a watchable bitrate), MediaConversionFailed (ffmpeg failed or took too long), FfmpegNotFound and DestinationUnwritable (both stop the batch). See about_ZApi.Status.Media.'
    Examples    = @(
        @{ Title = 'Post the clips of a phone folder'; Code = 'Get-ChildItem ~/DCIM/Camera -Filter *.mov | ConvertTo-ZApiStatusVideo | Send-ZApiVideoStatus -Caption ''Launch'''; Remarks = 'iPhone .mov clips in HEVC become H.264 MP4s under 10 MB.' }
        @{ Title = 'Shorter clips'; Code = 'ConvertTo-ZApiStatusVideo -Path ./talk.mp4 -MaximumDurationSec 30 -Verbose'; Remarks = 'Keeps the first 30 seconds and says so in a warning; Verbose shows codecs, size and bitrate.' }
        @{ Title = 'Check for ffmpeg first in a runbook'; Code = 'if (-not (Get-Command ffmpeg -ErrorAction SilentlyContinue)) { throw ''Install ffmpeg first.'' }
Get-ChildItem $env:CLIPS -File | ConvertTo-ZApiStatusVideo -ErrorAction Stop | Send-ZApiVideoStatus'; Remarks = 'Without ffmpeg, ConvertTo-ZApiStatusVideo itself stops with FfmpegNotFound.' }
    )
    Links       = @('ConvertTo-ZApiStatusImage', 'Send-ZApiVideoStatus', 'about_ZApi.Status.Media')
}
