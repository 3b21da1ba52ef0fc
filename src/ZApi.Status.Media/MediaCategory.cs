namespace ZApi.Status.MediaModule
{
    internal enum MediaCategory
    {
        Image,
        Video,
        Other,
    }
}
