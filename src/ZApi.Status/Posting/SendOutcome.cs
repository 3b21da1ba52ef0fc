using System;
using ZApi.Status.Client;
using ZApi.Status.History;

namespace ZApi.Status.Posting
{
    /// <summary>
    /// How one request to post a status ended: queued, failed with an error id, or stopped with or without its body
    /// having begun to leave. It is the one answer to "could this status exist?": the history's completion, the tally
    /// and the error record all read it, so they cannot disagree.
    /// </summary>
    internal sealed class SendOutcome
    {
        private SendOutcome(SendOutcomeKind kind, QueuedStatus? status, DateTimeOffset? sentAt, ZApiException? error, bool bodyLeft, Exception? stop)
        {
            Kind = kind;
            Status = status;
            SentAt = sentAt;
            Error = error;
            BodyLeft = bodyLeft;
            Stop = stop;
        }

        public SendOutcomeKind Kind { get; }

        /// <summary>Z-API's ids, for a queued status.</summary>
        public QueuedStatus? Status { get; }

        /// <summary>When Z-API queued it.</summary>
        public DateTimeOffset? SentAt { get; }

        /// <summary>Why a failed request failed; its id says whether the status may exist.</summary>
        public ZApiException? Error { get; }

        /// <summary>True once a byte of the status's body had left: from then on a stopped request may have posted it.</summary>
        public bool BodyLeft { get; }

        /// <summary>What ends the pipeline: always for a stopped request, and for a queued one when the stop came as Z-API answered.</summary>
        public Exception? Stop { get; }

        /// <param name="stoppedBy">The pipeline ended after Z-API had queued it: the status exists, and the run ends.</param>
        public static SendOutcome Queued(QueuedStatus status, DateTimeOffset sentAt, Exception? stoppedBy = null) =>
            new SendOutcome(SendOutcomeKind.Queued, status, sentAt, null, true, stoppedBy);

        public static SendOutcome Failed(ZApiException error) =>
            new SendOutcome(SendOutcomeKind.Failed, null, null, error, error.ErrorId == ZApiErrorId.ZApiOutcomeUnknown, null);

        public static SendOutcome Stopped(bool bodyLeft, Exception stop) =>
            new SendOutcome(SendOutcomeKind.Stopped, null, null, null, bodyLeft, stop);

        /// <summary>
        /// The error to report for a failed request, naming <paramref name="input"/> where the message cannot: the
        /// exchange's failures (no answer, a refusal, throttling) know only the route; the input's own failures (a
        /// file that changed while it was sent) name it already, and a stop is the batch's, not the input's.
        /// </summary>
        public ZApiException ErrorAbout(string input)
        {
            ZApiErrorId id = Error!.ErrorId;
            bool exchange = id == ZApiErrorId.ZApiOutcomeUnknown || id == ZApiErrorId.ZApiRateLimited || id == ZApiErrorId.ZApiRequestFailed;
            return exchange ? Error.About("While posting " + input) : Error;
        }

        /// <summary>Whether the status may be on the phone now.</summary>
        public bool MayExist =>
            Kind == SendOutcomeKind.Queued
            || (Kind == SendOutcomeKind.Failed && Error!.ErrorId == ZApiErrorId.ZApiOutcomeUnknown)
            || (Kind == SendOutcomeKind.Stopped && BodyLeft);

        /// <summary>
        /// Completes a history claim with this outcome: posted, in doubt when the status may exist, refused (safe to
        /// post again) otherwise.
        /// </summary>
        /// <returns>Null when recorded; else a warning that says what the history could not record.</returns>
        public string? CompleteIn(HistoryClaim claim) => claim.Complete(HistoryOutcome, SentAt ?? DateTimeOffset.Now, Status, HistoryErrorId);

        /// <summary>As <see cref="CompleteIn"/>, without waiting for the history's write; the task gives the warning.</summary>
        public System.Threading.Tasks.Task<string?> CompleteLaterIn(HistoryClaim claim) => claim.CompleteLater(HistoryOutcome, SentAt ?? DateTimeOffset.Now, Status, HistoryErrorId);

        private StatusHistoryOutcome HistoryOutcome =>
            Kind == SendOutcomeKind.Queued ? StatusHistoryOutcome.Posted
            : MayExist ? StatusHistoryOutcome.InDoubt
            : StatusHistoryOutcome.Refused;

        private string? HistoryErrorId =>
            Kind == SendOutcomeKind.Failed ? Error!.ErrorId.ToString()
            : Kind == SendOutcomeKind.Stopped ? "Stopped"
            : null;
    }
}
