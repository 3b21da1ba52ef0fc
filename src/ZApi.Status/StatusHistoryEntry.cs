using System;

namespace ZApi.Status
{
    /// <summary>
    /// One status in a status history, as Get-ZApiStatusHistory emits it: what it was (instance, kind, content hash,
    /// caption, where it came from) and its latest state. The history holds no secret and no media content.
    /// </summary>
    public sealed class StatusHistoryEntry
    {
        internal StatusHistoryEntry(string key, StatusHistoryOutcome outcome, DateTimeOffset at, string instanceId, string kind,
            string sha256, string? caption, string? source, string? zaapId, string? messageId, string? errorId, string? process, int lineNumber)
        {
            Key = key;
            Outcome = outcome;
            At = at;
            InstanceId = instanceId;
            Kind = kind;
            Sha256 = sha256;
            Caption = caption;
            Source = source;
            ZaapId = zaapId;
            MessageId = messageId;
            ErrorId = errorId;
            Process = process;
            LineNumber = lineNumber;
        }

        /// <summary>The status's identity: SHA-256 of instance, kind, content hash and caption, in hex.</summary>
        public string Key { get; }

        /// <summary>The latest state. An in-flight entry whose process has ended reads as InDoubt.</summary>
        public StatusHistoryOutcome Outcome { get; internal set; }

        /// <summary>When that state was recorded; for Posted, when Z-API queued the status.</summary>
        public DateTimeOffset At { get; }

        public string InstanceId { get; }

        /// <summary>image, video or text.</summary>
        public string Kind { get; }

        /// <summary>SHA-256 (hex) of the media bytes, of the link, or of the message.</summary>
        public string Sha256 { get; }

        public string? Caption { get; }

        /// <summary>The file's full path, the link without its query, "Base64 (N bytes)" or "Text (N characters)".</summary>
        public string? Source { get; }

        public string? ZaapId { get; }

        public string? MessageId { get; }

        /// <summary>For Refused and InDoubt: the error id of the failure, such as ZApiOutcomeUnknown.</summary>
        public string? ErrorId { get; }

        /// <summary>The process that wrote the entry: "pid@host".</summary>
        public string? Process { get; }

        /// <summary>The line of the history file that holds this state, for a person who opens it; 0 in a table.</summary>
        public int LineNumber { get; }

        /// <summary>For a repeating row: the occurrence this status is; null for a single post.</summary>
        public DateTimeOffset? Occurrence { get; internal set; }

        /// <summary>When the writing process started: with the process id, tells a live run from one that has ended.</summary>
        internal DateTimeOffset? ProcessStarted { get; set; }

        /// <summary>
        /// For an in-flight entry in a table: the longest its request could still be running. A process on another
        /// machine cannot be checked, so until then the entry is in flight, and after it in doubt.
        /// </summary>
        internal DateTimeOffset? LeaseEnds { get; set; }

        public override string ToString() => Source ?? Key;
    }
}
