using System;
using ZApi.Status.Client;
using ZApi.Status.History;
using ZApi.Status.Tables;

namespace ZApi.Status.Commands
{
    /// <summary>The status history a command resolved to: a file at a full path, or a table with its credentials.</summary>
    internal sealed class HistoryChoice
    {
        /// <summary>
        /// Beyond the longest a post can take with its timeouts and retries: a body that keeps moving is never cut off,
        /// so an in-flight entry's lease allows that much more for a slow upload.
        /// </summary>
        internal static readonly TimeSpan LeaseMargin = TimeSpan.FromMinutes(10);

        private HistoryChoice(string? path, TableClient? table)
        {
            Path = path;
            Table = table;
        }

        public string? Path { get; }

        public TableClient? Table { get; }

        /// <summary>The history as messages and error targets name it (a table without its SAS).</summary>
        public string Name => Path ?? Table!.Name;

        public static HistoryChoice ForFile(string fullPath) => new HistoryChoice(fullPath, null);

        public static HistoryChoice ForTable(TableClient table) => new HistoryChoice(null, table);

        /// <summary>Where a Send pipeline keeps its history; a table's in-flight entries last as long as this connection's posts can.</summary>
        public HistoryLocation Location(ZApiConnection connection, RetryPolicy retry) =>
            Path != null
                ? HistoryLocation.File(Path)
                : HistoryLocation.Table(Table!, retry.LongestSend(TimeSpan.FromSeconds(connection.TimeoutSec), HttpClientCache.ConnectTimeFor(connection)) + LeaseMargin);
    }
}
