namespace ZApi.Status.Media.Video
{
    internal enum VideoAction
    {
        Unchanged,
        Remux,
        Transcode,
    }
}
