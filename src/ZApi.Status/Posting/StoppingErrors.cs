namespace ZApi.Status.Posting
{
    /// <summary>The failures that would repeat for every later input, so the batch stops at the first.</summary>
    internal static class StoppingErrors
    {
        public static bool Contains(ZApiErrorId id) =>
            id == ZApiErrorId.ZApiNotConfigured
            || id == ZApiErrorId.ZApiAuthenticationFailed
            || id == ZApiErrorId.ZApiInstanceNotConnected
            || id == ZApiErrorId.ZApiPhoneOffline
            || id == ZApiErrorId.ZApiPhoneCheckFailed
            || id == ZApiErrorId.ZApiUnreachable
            || id == ZApiErrorId.HistoryUnavailable
            || id == ZApiErrorId.HistoryFormatUnsupported;
    }
}
