using System.Management.Automation;
using ZApi.Status.Media;

namespace ZApi.Status.Commands
{
    /// <summary>Posts one WhatsApp text status per input string and emits one result per status queued.</summary>
    [Cmdlet(VerbsCommunications.Send, "ZApiTextStatus", HelpUri = OnlineHelp.Commands, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TextStatusResult))]
    public sealed class SendZApiTextStatusCommand : SendStatusCmdlet
    {
        #region Parameters

        /// <summary>One status per string. Empty and null entries are reported, not bound away.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string?[] Message { get; set; } = null!;

        #endregion

        internal override string StatusNoun => "text";

        #region Method Overrides

        protected override void ProcessRecord()
        {
            foreach (string? message in InputsOf(Message))
            {
                Post(message, () => TextStatusPost.From(message));
            }
        }

        #endregion
    }
}
