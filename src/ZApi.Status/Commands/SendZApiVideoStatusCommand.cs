using System.Management.Automation;
using ZApi.Status.Media;

namespace ZApi.Status.Commands
{
    /// <summary>Posts one WhatsApp status per input video (MP4 or 3GP, up to 10 MB) and emits one result per status queued.</summary>
    [Cmdlet(VerbsCommunications.Send, "ZApiVideoStatus", HelpUri = OnlineHelp.Commands, DefaultParameterSetName = PathSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(VideoStatusResult))]
    public sealed class SendZApiVideoStatusCommand : SendMediaStatusCmdlet
    {
        #region Parameters

        /// <summary>Larger videos are refused before anything is sent.</summary>
        // A field, not a property: Tab completion offers a cmdlet's property parameters, the derived class's first,
        // before its field ones, and this rarely used limit would otherwise be the first name offered, before -Path.
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaximumVideoBytes = MediaKind.Video.DefaultMaximumBytes;

        #endregion

        internal override MediaKind Kind => MediaKind.Video;

        internal override long MaximumBytes => MaximumVideoBytes;

    }
}
