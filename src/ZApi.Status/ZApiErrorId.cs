namespace ZApi.Status
{
    /// <summary>
    /// The stable error ids of the design's error table. Each name is the ErrorRecord's FullyQualifiedErrorId
    /// prefix; Commands/ErrorRecords.cs gives each its category and says which ones stop the batch.
    /// </summary>
    public enum ZApiErrorId
    {
        ImageNotFound,
        PathIsDirectory,
        UnsupportedProvider,
        UnsupportedImageType,
        UnsupportedVideoType,
        ImageEmpty,
        ImageTooLarge,
        VideoTooLarge,
        ImageUnreadable,
        InvalidImageUri,
        InvalidBase64,
        MessageEmpty,
        ZApiNotConfigured,
        ZApiAuthenticationFailed,
        ZApiInstanceNotConnected,
        ZApiRateLimited,
        ZApiOutcomeUnknown,
        ZApiRequestFailed,
    }
}
