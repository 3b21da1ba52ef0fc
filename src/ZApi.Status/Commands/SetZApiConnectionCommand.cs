using System;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace ZApi.Status.Commands
{
    /// <summary>Sets this session's default Z-API connection.</summary>
    [Cmdlet(VerbsCommon.Set, "ZApiConnection")]
    [OutputType(typeof(ZApiConnection))]
    public sealed class SetZApiConnectionCommand : PSCmdlet
    {
        #region Parameters

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string InstanceId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [SecretArgument]
        public SecureString Token { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [SecretArgument]
        public SecureString ClientToken { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateHttpUri]
        public Uri BaseUri { get; set; } = ZApiConnection.DefaultBaseUri;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = ZApiConnection.DefaultTimeoutSec;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        #region Method Overrides

        protected override void ProcessRecord()
        {
            if (BaseUri.Scheme == Uri.UriSchemeHttp && !BaseUri.IsLoopback)
            {
                WriteWarning($"-BaseUri '{BaseUri.GetLeftPart(UriPartial.Authority)}' uses http: the tokens would travel in clear text. Use https unless this is a test server on your own machine.");
            }

            var connection = new ZApiConnection(InstanceId.Trim(), Token, ClientToken, BaseUri, TimeoutSec);
            ConnectionStore.Set(connection);
            WriteVerbose("Default connection for this session: " + connection);
            if (PassThru)
            {
                WriteObject(connection);
            }
        }

        #endregion
    }
}
