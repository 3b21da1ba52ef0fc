using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Which TLS versions the module's own requests may use. Windows PowerShell 5.1 runs on .NET Framework, whose
    /// process-wide ServicePointManager.SecurityProtocol can still be SSL 3.0 and TLS 1.0 (an old .NET Framework, or no
    /// SchUseStrongCrypto in the registry), while api.z-api.io accepts TLS 1.2 and later only. Changing that process-wide
    /// setting would change every other request of the caller's session, so the module sets the protocols on its own
    /// handler instead, and only where the process default would lack TLS 1.2.
    /// </summary>
    internal static class TransportSecurity
    {
        /// <summary>SecurityProtocolType.SystemDefault, which netstandard2.0 cannot name: the operating system decides.</summary>
        internal const SecurityProtocolType SystemDefault = 0;

        /// <summary>SecurityProtocolType.Tls13 (.NET Framework 4.8), which netstandard2.0 cannot name.</summary>
        internal const SecurityProtocolType Tls13Protocol = (SecurityProtocolType)12288;

        /// <summary>SslProtocols.Tls13, which netstandard2.0 cannot name.</summary>
        internal const SslProtocols Tls13 = (SslProtocols)12288;

        /// <summary>True on .NET Framework (Windows PowerShell 5.1), false on .NET (PowerShell 7).</summary>
        internal static bool RunsOnNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>The protocols for this process's handlers: <see cref="ProtocolsFor"/> of this runtime and its default.</summary>
        /// <remarks>Only read: assigning ServicePointManager.SecurityProtocol would change the caller's other requests too.</remarks>
        public static SslProtocols? ForThisProcess() =>
            RunsOnNetFramework ? ProtocolsFor(runsOnNetFramework: true, ServicePointManager.SecurityProtocol) : null;

        /// <summary>
        /// The protocols a handler must be given, or null to leave the handler's default (the operating system decides).
        /// </summary>
        /// <param name="runsOnNetFramework">True on .NET Framework; .NET leaves the choice to the operating system.</param>
        /// <param name="processDefault">ServicePointManager.SecurityProtocol, what .NET Framework's handler uses unless told.</param>
        /// <returns>
        /// Null on .NET and when .NET Framework defers to the operating system (SystemDefault), which offers TLS 1.2 on
        /// every supported Windows. Otherwise TLS 1.2 plus the TLS versions the process already allowed, so a server
        /// the caller could reach before is still reached; SSL 3.0 is left out, as it is broken and no server the module
        /// talks to needs it.
        /// </returns>
        public static SslProtocols? ProtocolsFor(bool runsOnNetFramework, SecurityProtocolType processDefault)
        {
            if (!runsOnNetFramework || processDefault == SystemDefault)
            {
                return null;
            }

            SslProtocols protocols = SslProtocols.Tls12;
            if ((processDefault & SecurityProtocolType.Tls) != 0)
            {
                protocols |= SslProtocols.Tls;
            }

            if ((processDefault & SecurityProtocolType.Tls11) != 0)
            {
                protocols |= SslProtocols.Tls11;
            }

            // TLS 1.3 only where the caller enabled it: an older Windows whose Schannel lacks it would fail the handshake.
            if ((processDefault & Tls13Protocol) != 0)
            {
                protocols |= Tls13;
            }

            return protocols;
        }
    }
}
