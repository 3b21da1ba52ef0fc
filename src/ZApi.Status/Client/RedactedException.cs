using System;

namespace ZApi.Status.Client
{
    /// <summary>Stands in for a transport exception: its original type name and its redacted message.</summary>
    internal sealed class RedactedException : Exception
    {
        public RedactedException(string originalType, string message, Exception? innerException)
            : base(message, innerException)
        {
            OriginalType = originalType;
        }

        public string OriginalType { get; }

        public override string ToString() =>
            OriginalType + ": " + Message + (InnerException == null ? string.Empty : " ---> " + InnerException);
    }
}
