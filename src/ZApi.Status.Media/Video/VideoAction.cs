namespace ZApi.Status.MediaModule.Video
{
    internal enum VideoAction
    {
        Unchanged,
        Remux,
        Transcode,
    }
}
