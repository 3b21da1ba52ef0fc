namespace ZApi.Status.Media
{
    internal enum MediaCategory
    {
        Image,
        Video,
        Other,
    }
}
