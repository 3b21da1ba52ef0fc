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
            string when = Local(Earlier!.At);
            string what = Identity.Kind + " '" + Identity.Source + "'";
            // A process on another machine cannot be checked: its run may still be posting, or may have ended there.
            bool elsewhere = !ProcessIdentity.IsOnThisHost(Earlier);
            if (Verdict == HistoryVerdict.InFlight)
            {
                return new ZApiException(ZApiErrorId.StatusInFlight, elsewhere
                    ? $"The {what} has been in flight on another machine (process {Earlier.Process}) since {when}, or that run ended there; "
                        + $"it could still be posting until {Local(Earlier.LeaseEnds ?? Earlier.At)}, so it was not posted again. Its outcome goes to the status history '{HistoryPath}'."
                    : $"Another run (process {Earlier.Process}) has been posting the {what} since {when}, so it was not posted again. "
                        + $"Its outcome goes to the status history '{HistoryPath}'.");
            }

            string happened = Earlier.Outcome != StatusHistoryOutcome.InFlight
                ? $"Z-API's answer did not say whether it was queued ({Earlier.ErrorId})"
                : elsewhere
                    ? $"it was in flight on another machine (process {Earlier.Process}), or ended there, and no outcome was recorded"
                    : $"the run that sent it (process {Earlier.Process}) ended before Z-API answered";
            string where = Earlier.LineNumber > 0 ? $"'{HistoryPath}', line {Earlier.LineNumber}" : $"'{HistoryPath}'";
            return new ZApiException(ZApiErrorId.StatusInDoubt,
                $"The {what} was sent at {when}, but {happened}: it may be on the status already, so it was not posted again. "
                + "Check the phone (or the Z-API panel); if it is missing, post it again with -Force. "
                + $"Status history: {where}.");
        }

        private static string Local(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
    }
}
