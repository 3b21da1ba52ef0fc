using System.Security;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// The status-history parameters one command was given (Send-ZApi*Status, Get-ZApiStatusHistory or
    /// Set-ZApiConnection): a file, or a table with its credentials.
    /// </summary>
    internal sealed class HistoryArguments
    {
        public string? Path { get; set; }

        /// <summary>The table's URL as given, perhaps with a SAS in its query string.</summary>
        public string? TableUri { get; set; }

        public SecureString? TableSas { get; set; }

        public SecureString? TableAccessToken { get; set; }
    }
}
