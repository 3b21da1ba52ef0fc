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
        HistoryPath       = 'A status history file (JSON Lines, created with its folder on first use). Before each input is posted the history is checked: a status an earlier run posted is not posted again but yields a result with Outcome AlreadyPosted and the earlier ids and time; one in doubt yields StatusInDoubt; one refused earlier is posted. Each post is recorded, in flight before the request and completed after it, under a lock that other processes (and SMB clients) respect. Without it, the connection''s history (Set-ZApiConnection -HistoryPath), else the ZAPI_HISTORY_PATH variable; without any, no history is kept.'
        Force             = 'With a status history: posts every input even when the history says it was posted, is in doubt or is in flight, and records the new posts. Without a history it changes nothing.'
        Caption           = 'The text shown under the status. Binds a Caption property by property name, so each CSV row can carry its own. An empty caption is left out.'
    }
}
