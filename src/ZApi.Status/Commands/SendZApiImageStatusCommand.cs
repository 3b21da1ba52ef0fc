using System.Management.Automation;
using ZApi.Status.Media;

namespace ZApi.Status.Commands
{
    /// <summary>Posts one WhatsApp status per input image and emits one result per status queued.</summary>
    [Cmdlet(VerbsCommunications.Send, "ZApiImageStatus", HelpUri = OnlineHelp.Commands, DefaultParameterSetName = PathSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImageStatusResult))]
    public sealed class SendZApiImageStatusCommand : SendMediaStatusCmdlet
    {
        #region Parameters

        /// <summary>Larger images are refused before anything is sent.</summary>
        // A field, not a property: Tab completion offers a cmdlet's property parameters, the derived class's first,
        // before its field ones, and this rarely used limit would otherwise be the first name offered, before -Path.
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaximumImageBytes = MediaKind.Image.DefaultMaximumBytes;

        #endregion

        internal override MediaKind Kind => MediaKind.Image;

        internal override long MaximumBytes => MaximumImageBytes;

    }
}
