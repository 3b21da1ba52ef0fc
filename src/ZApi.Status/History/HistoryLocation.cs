using System;
using ZApi.Status.Tables;

namespace ZApi.Status.History
{
    /// <summary>Where a pipeline's status history lives: its name for messages, and how to open its store.</summary>
    internal sealed class HistoryLocation
    {
        private HistoryLocation(string name, HistoryStoreOpener open)
        {
            Name = name;
            Open = open;
        }

        /// <summary>The history as messages name it.</summary>
        public string Name { get; }

        /// <summary>Opens the store for writing, or for a dry run.</summary>
        public HistoryStoreOpener Open { get; }

        /// <summary>A JSON Lines file at a full file-system path.</summary>
        public static HistoryLocation File(string fullPath, TimeSpan? lockWait = null) =>
            new HistoryLocation(fullPath, (forWriting, warn, cancellation) => FileHistoryStore.Open(fullPath, forWriting, warn, lockWait, cancellation));

        /// <summary>
        /// An Azure Storage table, opened alike for writing and for a dry run (it is only read until the first claim).
        /// </summary>
        /// <param name="lease">How long an in-flight entry's request could still be running, which its entity records.</param>
        public static HistoryLocation Table(TableClient table, TimeSpan lease) =>
            new HistoryLocation(table.Name, (forWriting, warn, cancellation) => TableHistoryStore.Open(table, lease, warn, cancellation: cancellation));
    }
}
