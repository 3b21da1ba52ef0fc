using System.Management.Automation;

namespace ZApi.Status.Commands
{
    /// <summary>The error table: each id's category, and the record PowerShell shows.</summary>
    internal static class ErrorRecords
    {
        public static ErrorCategory CategoryOf(ZApiErrorId id)
        {
            switch (id)
            {
                case ZApiErrorId.ImageNotFound: return ErrorCategory.ObjectNotFound;
                case ZApiErrorId.VideoNotFound: return ErrorCategory.ObjectNotFound;
                case ZApiErrorId.PathIsDirectory: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.UnsupportedProvider: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.UnsupportedImageType: return ErrorCategory.InvalidData;
                case ZApiErrorId.UnsupportedVideoType: return ErrorCategory.InvalidData;
                case ZApiErrorId.ImageEmpty: return ErrorCategory.InvalidData;
                case ZApiErrorId.VideoEmpty: return ErrorCategory.InvalidData;
                case ZApiErrorId.ImageTooLarge: return ErrorCategory.LimitsExceeded;
                case ZApiErrorId.VideoTooLarge: return ErrorCategory.LimitsExceeded;
                case ZApiErrorId.ImageUnreadable: return ErrorCategory.ReadError;
                case ZApiErrorId.VideoUnreadable: return ErrorCategory.ReadError;
                case ZApiErrorId.InvalidImageUri: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.InvalidVideoUri: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.InvalidBase64: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.MessageEmpty: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.InvalidPostAt: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.InvalidRepeat: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.InvalidTimeZone: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.RepeatNeedsHistory: return ErrorCategory.InvalidOperation;
                case ZApiErrorId.AsOfNeedsWhatIf: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.InvalidUnicodeText: return ErrorCategory.InvalidArgument;
                case ZApiErrorId.ZApiNotConfigured: return ErrorCategory.InvalidOperation;
                case ZApiErrorId.ZApiAuthenticationFailed: return ErrorCategory.AuthenticationError;
                case ZApiErrorId.ZApiInstanceNotConnected: return ErrorCategory.ResourceUnavailable;
                case ZApiErrorId.ZApiPhoneOffline: return ErrorCategory.ResourceUnavailable;
                case ZApiErrorId.ZApiPhoneCheckFailed: return ErrorCategory.ResourceUnavailable;
                case ZApiErrorId.ZApiRateLimited: return ErrorCategory.LimitsExceeded;
                case ZApiErrorId.ZApiOutcomeUnknown: return ErrorCategory.OperationTimeout;
                case ZApiErrorId.ZApiUnreachable: return ErrorCategory.ConnectionError;
                case ZApiErrorId.StatusInDoubt: return ErrorCategory.ResourceExists;
                case ZApiErrorId.StatusInFlight: return ErrorCategory.ResourceBusy;
                case ZApiErrorId.QueuedMessageNotFound: return ErrorCategory.ObjectNotFound;
                case ZApiErrorId.HistoryUnavailable: return ErrorCategory.ResourceUnavailable;
                case ZApiErrorId.HistoryFormatUnsupported: return ErrorCategory.InvalidData;
                default: return ErrorCategory.InvalidResult;
            }
        }

        /// <param name="target">The input that failed (never the cmdlet), so $Error[0].TargetObject names it.</param>
        public static ErrorRecord Create(ZApiException exception, object? target) =>
            new ErrorRecord(exception, exception.ErrorId.ToString(), CategoryOf(exception.ErrorId), target);
    }
}
