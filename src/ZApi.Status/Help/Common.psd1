# Help text for parameters that several cmdlets share. A cmdlet's own file can override any of them.
# "<noun>" becomes the cmdlet's media noun (image, video).
@{
    Parameters = @{
        Connection        = 'A connection from Set-ZApiConnection -PassThru. It overrides the session''s connection and the ZAPI_* environment variables, for this call only.'
        MaximumRetryCount = 'How many times a request is repeated after HTTP 429 (throttled) or a connection that was never established; those are the only failures after which no status can exist. 0 turns retries off. A timeout, a dropped connection or a 5xx is never retried: see ZApiOutcomeUnknown in about_ZApi.Status.'
        RetryIntervalSec  = 'The first wait between retries, in seconds, when Z-API sends no Retry-After. Each later wait doubles, with 20 percent jitter, up to 60 seconds. Retry-After, when present, wins (also capped at 60 seconds).'
        WhatIf            = 'Shows what would be posted, and validates every input (exists, type, size) as a real run does, without posting anything. Bad inputs are reported as errors, so a dry run finds every problem.'
        Confirm           = 'Asks before posting each status. Without it nothing prompts, because ConfirmImpact is Medium and the default $ConfirmPreference is High.'
        Path              = 'The <noun> files to post, one status per file. Wildcards expand, as in Get-Content -Path. Takes strings from the pipeline, and a Path property (such as a CSV column) by property name. A path that matches nothing, a directory, or a path on another provider is reported and the batch goes on.'
        LiteralPath       = 'The <noun> files to post, taken exactly as written: no wildcard expansion, so brackets in names are safe. Get-ChildItem output binds here by its PSPath property. Aliases: PSPath, LP.'
        Uri               = 'Absolute http or https links to <noun>s that Z-API fetches itself; passed on unchanged. Binds a Uri property by property name.'
        Base64            = 'The <noun> as a data URI (data:<mime type>;base64,...) or as bare Base64. The real type is read from the decoded bytes, and the size limit applies to them.'
        SkipConnectionCheck = 'Posts without first asking Z-API (GET .../status) whether the instance and its phone are connected. Without it, that one request comes before the first post of the pipeline; -WhatIf, and a pipeline with nothing to post, make none.'
        RequirePhoneOnline  = 'Stops the batch with ZApiPhoneOffline, before the first post, when the instance is connected but its phone is offline. Without it that case is one warning: Z-API queues the statuses and sends them when the phone is back, so contacts see them late.'
        IntervalSec         = 'The least time, in seconds, between the starts of two posts in this pipeline; fractions such as 0.5 work. 0 (the default) does not wait. Each gap gets a random extra share (-IntervalJitterPercent), so the cadence does not look machine-made. A wait shows in the progress bar and Ctrl+C ends it at once.'
        IntervalJitterPercent = 'Up to this percentage of -IntervalSec is added at random to each gap (default 25: gaps of 1 to 1.25 times -IntervalSec). 0 makes every gap exactly -IntervalSec. Jitter only lengthens a gap, never shortens it.'
        MaximumPostCount    = 'Posts at most this many statuses in this pipeline. Later inputs are validated but not posted, and yield results with Outcome Deferred, so a run over a folder can post one a day (-MaximumPostCount 1). A ZApiOutcomeUnknown counts as a post, because the status may exist.'
        PostAt              = 'When the input may be posted: a DateTime, or text in the form 2026-05-03 09:00 (local time) or 2026-05-03T09:00-03:00 (with an offset, or Z for UTC), read the same in every culture. Binds a PostAt property by property name, so each CSV row can carry its own. Blank means now. An input whose time has not come yields a result with Outcome NotDue; one due more than 24 hours ago is posted with a warning. Any other form is refused with InvalidPostAt and nothing is posted for that input.'
        Caption           = 'The text shown under the status. Binds a Caption property by property name, so each CSV row can carry its own. An empty caption is left out.'
    }
}
