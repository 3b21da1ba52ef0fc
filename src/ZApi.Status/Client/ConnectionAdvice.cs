namespace ZApi.Status.Client
{
    /// <summary>
    /// How a message tells the user to change the connection, in the words of whoever made it: the client knows
    /// that an address or a timeout is at fault, the command knows which parameter sets them.
    /// </summary>
    internal sealed class ConnectionAdvice
    {
        /// <summary>Words that name no command, for a client used outside one.</summary>
        public static readonly ConnectionAdvice Plain = new ConnectionAdvice("the base URI", "raise the connection's timeout");

        public ConnectionAdvice(string address, string raiseTimeout)
        {
            Address = address;
            RaiseTimeout = raiseTimeout;
        }

        /// <summary>What sets the address requests go to, such as "-BaseUri".</summary>
        public string Address { get; }

        /// <summary>How to allow more time, such as "raise -TimeoutSec with Set-ZApiConnection".</summary>
        public string RaiseTimeout { get; }
    }
}
