using System;

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
    }
}
