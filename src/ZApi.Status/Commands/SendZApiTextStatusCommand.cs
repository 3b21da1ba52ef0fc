using System.Management.Automation;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>Posts one WhatsApp text status per input string and emits one result per status queued.</summary>
    [Cmdlet(VerbsCommunications.Send, "ZApiTextStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TextStatusResult))]
    public sealed class SendZApiTextStatusCommand : SendZApiStatusCmdlet
    {
        #region Parameters

        /// <summary>One status per string. Empty and null entries are reported, not bound away.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string?[] Message { get; set; } = null!;

        #endregion

        internal override string ShouldProcessAction => "Post text status";

        #region Method Overrides

        protected override void ProcessRecord()
        {
            foreach (string? message in InputsOf(Message))
            {
                Send(message, () => TextStatusPost.From(message), (post, sent, sentAt) => new TextStatusResult(post.Message, sent.ZaapId, sent.MessageId, sentAt));
            }
        }

        #endregion
    }
}
