using System.Management.Automation;

namespace ZApi.Status.MediaModule.Commands
{
    /// <summary>Each error id's category, as the README's error table lists them.</summary>
    internal static class ErrorRecords
    {
        public static ErrorCategory CategoryOf(MediaErrorId id)
        {
            switch (id)
            {
                case MediaErrorId.ImageNotFound:
                case MediaErrorId.VideoNotFound: return ErrorCategory.ObjectNotFound;
                case MediaErrorId.PathIsDirectory: return ErrorCategory.InvalidArgument;
                case MediaErrorId.UnsupportedProvider: return ErrorCategory.InvalidArgument;
                case MediaErrorId.ImageEmpty:
                case MediaErrorId.VideoEmpty: return ErrorCategory.InvalidData;
                case MediaErrorId.ImageUnreadable:
                case MediaErrorId.VideoUnreadable: return ErrorCategory.ReadError;
                case MediaErrorId.UnsupportedMediaType: return ErrorCategory.InvalidData;
                case MediaErrorId.MediaUnreadable: return ErrorCategory.InvalidData;
                case MediaErrorId.MediaTooLarge: return ErrorCategory.LimitsExceeded;
                case MediaErrorId.FfmpegNotFound: return ErrorCategory.NotInstalled;
                case MediaErrorId.DestinationUnwritable: return ErrorCategory.WriteError;
                default: return ErrorCategory.InvalidResult;
            }
        }

        /// <param name="target">The input that failed (never the cmdlet), so $Error[0].TargetObject names it.</param>
        public static ErrorRecord Create(MediaException exception, object? target) =>
            new ErrorRecord(exception, exception.ErrorId.ToString(), CategoryOf(exception.ErrorId), target);
    }
}
