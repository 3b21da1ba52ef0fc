namespace ZApi.Status.Tables
{
    /// <summary>What a write to one entity did, and the ETag it left when it was written.</summary>
    internal sealed class TableWrite
    {
        public TableWrite(TableWriteResult result, string? etag)
        {
            Result = result;
            ETag = etag;
        }

        public TableWriteResult Result { get; }

        public string? ETag { get; }
    }
}
