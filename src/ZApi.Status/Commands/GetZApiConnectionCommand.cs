using System.Management.Automation;

namespace ZApi.Status.Commands
{
    /// <summary>Gets this session's Z-API connection, secrets masked.</summary>
    [Cmdlet(VerbsCommon.Get, "ZApiConnection", HelpUri = OnlineHelp.Commands)]
    [OutputType(typeof(ZApiConnection))]
    public sealed class GetZApiConnectionCommand : PSCmdlet
    {
        #region Method Overrides

        protected override void EndProcessing()
        {
            ZApiConnection? connection;
            try
            {
                connection = ConnectionStore.Current;
            }
            catch (ZApiException ex)
            {
                WriteError(ErrorRecords.Create(ex, null));
                return;
            }

            if (connection == null)
            {
                WriteError(ErrorRecords.Create(ConnectionStore.NotConfigured(), null));
                return;
            }

            WriteObject(connection);
        }

        #endregion
    }
}
