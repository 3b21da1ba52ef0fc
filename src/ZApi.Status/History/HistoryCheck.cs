using System;
using System.Globalization;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>The history's answer for one input: the verdict, and the entry it rests on.</summary>
    internal sealed class HistoryCheck
    {
        public HistoryCheck(string historyPath, StatusIdentity identity, HistoryVerdict verdict, StatusHistoryEntry? earlier)
        {
            HistoryPath = historyPath;
            Identity = identity;
            Verdict = verdict;
            Earlier = earlier;
        }

        public string HistoryPath { get; }

        public StatusIdentity Identity { get; }

        public HistoryVerdict Verdict { get; }

        public StatusHistoryEntry? Earlier { get; }

        /// <summary>For AlreadyPosted: the result the earlier run emitted, with its ids and time, for this input.</summary>
        public StatusResult AlreadyPostedResult(StatusPost post)
        {
            StatusResult result = post.ToResult(new QueuedStatus(Earlier!.ZaapId, Earlier.MessageId), Earlier.At);
            result.Outcome = StatusOutcome.AlreadyPosted;
            return result;
        }

        /// <summary>For InDoubt and InFlight: the error that says when, what happened and what to do.</summary>
        public ZApiException Refusal()
        {
            string when = Earlier!.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
            string what = Identity.Kind + " '" + Identity.Source + "'";
            if (Verdict == HistoryVerdict.InFlight)
            {
                return new ZApiException(ZApiErrorId.StatusInFlight,
                    $"Another run (process {Earlier.Process}) has been posting the {what} since {when}, so it was not posted again. "
                    + $"Its outcome goes to the status history '{HistoryPath}'.");
            }

            // A process on another machine cannot be looked up from here: its run may still be posting, or may have ended.
            string happened = Earlier.Outcome != StatusHistoryOutcome.InFlight
                ? $"Z-API's answer did not say whether it was queued ({Earlier.ErrorId})"
                : ProcessIdentity.IsOnAnotherHost(Earlier.Process)
                ? $"the run that sent it is in flight on another machine ({Earlier.Process}), or ended there"
                : $"the run that sent it (process {Earlier.Process}) ended before Z-API answered";
            return new ZApiException(ZApiErrorId.StatusInDoubt,
                $"The {what} was sent at {when}, but {happened}: it may be on the status already, so it was not posted again. "
                + "Check the phone (or the Z-API panel); if it is missing, post it again with -Force. "
                + $"Status history: '{HistoryPath}', line {Earlier.LineNumber}.");
        }
    }
}
