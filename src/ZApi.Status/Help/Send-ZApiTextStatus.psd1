@{
    Synopsis    = 'Posts one WhatsApp text status per string.'
    Description = @'
Send-ZApiTextStatus posts each input string as a text status of the connected Z-API instance and writes one TextStatusResult per status queued, in input order. An empty or blank message is refused with MessageEmpty and the batch goes on. Retries, stops and secrets work as for Send-ZApiImageStatus.
'@
    Parameters  = @{
        Message = 'The texts to post, one status per string. Takes strings from the pipeline, and a Message property (such as a CSV column) by property name. Quotes, line breaks, emoji and right-to-left text are sent as written.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'The messages.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with a Message property, such as Import-Csv rows.' }
    )
    Outputs     = @(@{ Type = 'ZApi.Status.TextStatusResult'; Description = 'Message, ZaapId, MessageId, SentAt and ExpiresAt.' })
    Notes       = 'Error ids: MessageEmpty, InvalidPostAt, InvalidRepeat, InvalidTimeZone, RepeatNeedsHistory, AsOfNeedsWhatIf, InvalidUnicodeText, and the connection and Z-API ids of Send-ZApiImageStatus. See about_ZApi.Status.'
    Examples    = @(
        @{ Title = 'Post two announcements'; Code = '''Open today 9-18'', ''Closed on Sunday'' | Send-ZApiTextStatus'; Remarks = 'Two statuses, in this order.' }
        @{ Title = 'A CSV of messages'; Code = 'Import-Csv ./announcements.csv | Send-ZApiTextStatus   # a Message column'; Remarks = 'Other columns are ignored.' }
        @{ Title = 'A scheduled greeting from a runbook'; Code = @'
Set-ZApiConnection -InstanceId $instanceId -Token (Get-Secret ZApiToken) -ClientToken (Get-Secret ZApiClientToken)
Send-ZApiTextStatus "Good morning! Today is $((Get-Date).DayOfWeek)." -ErrorAction Stop
'@; Remarks = 'Get-Secret returns SecureString, taken as is. Non-interactive: nothing prompts unless you add -Confirm.' }
    )
    Links       = @('Send-ZApiImageStatus', 'Send-ZApiVideoStatus', 'about_ZApi.Status')
}
