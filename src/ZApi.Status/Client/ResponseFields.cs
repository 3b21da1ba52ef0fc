namespace ZApi.Status.Client
{
    /// <summary>Fields of a JSON answer; all null when the body is not a JSON object (an HTML error page, say).</summary>
    internal sealed class ResponseFields
    {
        public string? ZaapId;
        public string? MessageId;
        public string? Id;
        public string? Error;
        public bool? Value;
        public bool? Connected;
        public bool? SmartphoneConnected;
    }
}
