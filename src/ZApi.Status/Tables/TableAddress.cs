using System;
using System.Text.RegularExpressions;

namespace ZApi.Status.Tables
{
    /// <summary>
    /// An Azure Storage table as the portal gives its URL: the service endpoint and the table's name as the last
    /// path segment (https://account.table.core.windows.net/table, or Azurite's http://127.0.0.1:10002/account/table),
    /// optionally followed by a SAS query string. The SAS is kept apart and never part of <see cref="Name"/>.
    /// </summary>
    internal sealed class TableAddress
    {
        // Azure's rule for table names: 3 to 63 letters and digits, beginning with a letter.
        private static readonly Regex TableNamePattern = new Regex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant);

        private TableAddress(Uri endpoint, string tableName, string? sas)
        {
            Endpoint = endpoint;
            TableName = tableName;
            Sas = sas;
        }

        /// <summary>The service's address, ending in '/': requests append the table's name and its entity paths.</summary>
        public Uri Endpoint { get; }

        public string TableName { get; }

        /// <summary>The SAS that the URL carried (its query string without '?'); null when it had none.</summary>
        public string? Sas { get; }

        /// <summary>The table as messages, Get-ZApiConnection and the history name it: its URL without the SAS.</summary>
        public string Name => Endpoint.AbsoluteUri + TableName;

        /// <summary>
        /// Reads a table's URL; throws HistoryUnavailable, naming <paramref name="from"/> but never showing the query
        /// string (it may hold a SAS) or user information.
        /// </summary>
        /// <param name="from">Where the text came from, as the message names it: "-HistoryTableUri", "ZAPI_HISTORY_TABLE_URI".</param>
        public static TableAddress Parse(string? text, string from)
        {
            string trimmed = (text ?? string.Empty).Trim();
            int query = trimmed.IndexOf('?');
            string withoutQuery = query < 0 ? trimmed : trimmed.Substring(0, query);
            string? sas = query < 0 ? null : trimmed.Substring(query + 1);
            string shown = UriSecretMask.Apply(withoutQuery) + (query < 0 ? string.Empty : "?…");
            if (!Uri.TryCreate(withoutQuery, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                // Not shown at all: what is no URL may be a SAS or a token given in the wrong place.
                throw Invalid(from, null, "is not an absolute https URL");
            }

            if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            {
                throw Invalid(from, shown, "carries a user name or a fragment, which a table's URL never has");
            }

            string path = uri.AbsolutePath.TrimEnd('/');
            int last = path.LastIndexOf('/');
            string tableName = Uri.UnescapeDataString(path.Substring(last + 1));
            if (!TableNamePattern.IsMatch(tableName))
            {
                throw Invalid(from, shown, "does not end in a table's name (3 to 63 letters and digits, beginning with a letter)");
            }

            if (sas != null && sas.Length == 0)
            {
                sas = null;
            }

            if (sas != null && !IsSas(sas))
            {
                throw Invalid(from, shown, "has a query string that is not a SAS (it has no sig=)");
            }

            var endpoint = new UriBuilder(uri) { Path = path.Substring(0, last + 1), Query = string.Empty, Fragment = string.Empty }.Uri;
            return new TableAddress(endpoint, tableName, sas);
        }

        /// <summary>True for a query string that signs requests: a service or account SAS always has sig=.</summary>
        public static bool IsSas(string query)
        {
            foreach (string part in query.TrimStart('?').Split('&'))
            {
                if (part.StartsWith("sig=", StringComparison.Ordinal) && part.Length > 4)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The table itself: insert posts an entity here.</summary>
        public Uri TableUri => new Uri(Endpoint, TableName);

        /// <summary>One entity, addressed by its keys (which the history derives from letters, digits, '-', '_', '.' and '~' only).</summary>
        public Uri EntityUri(string partitionKey, string rowKey) =>
            new Uri(Endpoint, TableName + "(PartitionKey='" + EscapeKey(partitionKey) + "',RowKey='" + EscapeKey(rowKey) + "')");

        /// <summary>A query of the table's entities: an OData filter, at most <paramref name="top"/> per page, and where the last page ended.</summary>
        public Uri QueryUri(string? filter, int? top, string? nextPartitionKey, string? nextRowKey)
        {
            var query = new System.Text.StringBuilder();
            Append(query, "$filter", filter);
            Append(query, "$top", top?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Append(query, "NextPartitionKey", nextPartitionKey);
            Append(query, "NextRowKey", nextRowKey);
            return new Uri(Endpoint, TableName + "()" + (query.Length == 0 ? string.Empty : "?" + query));
        }

        public override string ToString() => Name;

        // A quote is doubled inside an OData key literal; the rest is escaped for the URL's path.
        private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''"));

        private static void Append(System.Text.StringBuilder query, string name, string? value)
        {
            if (value == null)
            {
                return;
            }

            query.Append(query.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        private static ZApiException Invalid(string from, string? shown, string problem) =>
            new ZApiException(ZApiErrorId.HistoryUnavailable,
                $"{from}{(shown == null ? string.Empty : " '" + shown + "'")} {problem}. Pass the table's URL as the Azure portal shows it, such as "
                + "https://<account>.table.core.windows.net/<table>, with or without a SAS. Nothing was posted.");
    }
}
