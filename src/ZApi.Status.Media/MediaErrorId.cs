namespace ZApi.Status.MediaModule
{
    /// <summary>
    /// The stable error ids of ConvertTo-ZApiStatusImage and ConvertTo-ZApiStatusVideo: each name is the
    /// ErrorRecord's FullyQualifiedErrorId prefix. The path ids mean what they mean for the Send cmdlets of
    /// ZApi.Status, image and video alike, so one script can handle the failures of both modules.
    /// </summary>
    public enum MediaErrorId
    {
        ImageNotFound,
        PathIsDirectory,
        UnsupportedProvider,
        ImageEmpty,
        ImageUnreadable,
        UnsupportedMediaType,
        MediaUnreadable,
        MediaTooLarge,
        MediaConversionFailed,
        FfmpegNotFound,
        DestinationUnwritable,
        VideoNotFound,
        VideoEmpty,
        VideoUnreadable,
    }
}
