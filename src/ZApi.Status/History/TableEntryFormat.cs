using System;
using System.Globalization;
using System.Text;
using ZApi.Status.Tables;

namespace ZApi.Status.History
{
    /// <summary>
    /// One status's latest state as one table entity: the instance's partition, the status key as row key, the same
    /// fields as a line of the history file, and the format version, so a newer format is recognised before it is
    /// misread. An in-flight entity also holds its lease end (how long its request could still be running) and every
    /// entity the claim that wrote it, so a write repeated after silence recognises itself.
    /// </summary>
    internal static class TableEntryFormat
    {
        /// <summary>The format this module writes and the newest it reads.</summary>
        public const int Version = 1;

        public const string VersionProperty = "FormatVersion";
        public const string StateProperty = "State";
        public const string AtProperty = "At";
        public const string ClaimProperty = "Claim";

        /// <summary>
        /// The partition of an instance's statuses. Table keys cannot hold '/', '\', '#', '?' or control characters,
        /// and an OData key literal treats a quote specially, so letters, digits, '-', '_' and '.' stay as they are and
        /// every other byte of the id's UTF-8 becomes '~' and two hex digits: distinct ids keep distinct partitions.
        /// </summary>
        public static string PartitionKeyOf(string instanceId)
        {
            var key = new StringBuilder(instanceId.Length + 8);
            foreach (byte b in Encoding.UTF8.GetBytes(instanceId))
            {
                char c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
                {
                    key.Append(c);
                }
                else
                {
                    key.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return key.ToString();
        }

        /// <summary>The entity for a status in a state, as a claim (in flight, with its lease) or its completion writes it.</summary>
        public static TableEntity ToEntity(StatusIdentity identity, StatusHistoryOutcome state, DateTimeOffset at, string? zaapId, string? messageId,
            string? errorId, ProcessIdentity process, DateTimeOffset? leaseEnds, string claim) =>
            new TableEntity(PartitionKeyOf(identity.InstanceId), identity.Key.ToString())
                .Set(VersionProperty, Version)
                .Set(StateProperty, state.ToString())
                .Set(AtProperty, at)
                .Set("InstanceId", identity.InstanceId)
                .Set("Kind", identity.Kind)
                .Set("Sha256", identity.Sha256)
                .Set("Caption", identity.Caption)
                .Set("Source", identity.Source)
                .Set("ZaapId", zaapId)
                .Set("MessageId", messageId)
                .Set("ErrorId", errorId)
                .Set("Process", process.Name)
                .Set("ProcessStarted", process.Started)
                .Set("LeaseEnds", leaseEnds)
                .Set(ClaimProperty, claim);

        /// <summary>
        /// The entry an entity holds, or null when it lacks what every entry has (a damaged or foreign entity).
        /// <paramref name="version"/> is its format version, 0 when it has none.
        /// </summary>
        public static StatusHistoryEntry? Parse(TableEntity entity, out int version)
        {
            version = entity.GetInt32(VersionProperty) ?? 0;
            string? state = entity.GetString(StateProperty);
            DateTimeOffset? at = entity.GetDateTime(AtProperty);
            string? instance = entity.GetString("InstanceId"), kind = entity.GetString("Kind"), sha256 = entity.GetString("Sha256");
            if (version < 1 || version > Version || !HistoryKey.TryParse(entity.RowKey, out _) || at == null || instance == null || kind == null || sha256 == null
                || state == null || !Enum.IsDefined(typeof(StatusHistoryOutcome), state))
            {
                return null;
            }

            return new StatusHistoryEntry(entity.RowKey, (StatusHistoryOutcome)Enum.Parse(typeof(StatusHistoryOutcome), state), at.Value, instance, kind, sha256,
                entity.GetString("Caption"), entity.GetString("Source"), entity.GetString("ZaapId"), entity.GetString("MessageId"), entity.GetString("ErrorId"),
                entity.GetString("Process"), 0)
            {
                ProcessStarted = entity.GetDateTime("ProcessStarted"),
                LeaseEnds = entity.GetDateTime("LeaseEnds"),
            };
        }

        /// <summary>The claim that wrote an entity; null for one this module did not write.</summary>
        public static string? ClaimOf(TableEntity entity) => entity.GetString(ClaimProperty);
    }
}
