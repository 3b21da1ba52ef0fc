namespace ZApi.Status
{
    /// <summary>
    /// The stable error ids, documented in README and about_ZApi.Status. Each name is the ErrorRecord's
    /// FullyQualifiedErrorId prefix; Commands/ErrorRecords.cs gives each its category and says which ones stop the
    /// batch. Inputs of each media kind have ids of their own (ImageNotFound, VideoNotFound), so a script that filters
    /// one kind's failures never catches another's.
    /// </summary>
    public enum ZApiErrorId
    {
        ImageNotFound,
        VideoNotFound,
        PathIsDirectory,
        UnsupportedProvider,
        UnsupportedImageType,
        UnsupportedVideoType,
        ImageEmpty,
        VideoEmpty,
        ImageTooLarge,
        VideoTooLarge,
        ImageUnreadable,
        VideoUnreadable,
        InvalidImageUri,
        InvalidVideoUri,
        InvalidBase64,
        MessageEmpty,
        InvalidPostAt,
        InvalidRepeat,
        InvalidTimeZone,
        RepeatNeedsHistory,
        AsOfNeedsWhatIf,
        InvalidUnicodeText,
        ZApiNotConfigured,
        ZApiAuthenticationFailed,
        ZApiInstanceNotConnected,
        ZApiPhoneOffline,
        ZApiPhoneCheckFailed,
        ZApiRateLimited,
        ZApiOutcomeUnknown,
        ZApiRequestFailed,
        ZApiUnreachable,
        StatusInDoubt,
        StatusInFlight,
        QueuedMessageNotFound,
        HistoryUnavailable,
        HistoryFormatUnsupported,
    }
}
