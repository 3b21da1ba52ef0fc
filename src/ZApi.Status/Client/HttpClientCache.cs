using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;

namespace ZApi.Status.Client
{
    /// <summary>
    /// The HttpClients of the process, one per proxy setting. Connections are reused across inputs, cmdlet calls and
    /// Z-API connections (tokens travel per request, not per client), which keeps a batch to one TLS handshake. The
    /// system's proxy shares one client; each distinct -Proxy and proxy user gets its own, kept until the module is
    /// removed, so a session that switches proxies holds one client per proxy rather than one per cmdlet call.
    /// </summary>
    internal static class HttpClientCache
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, HttpClient> Clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);

        /// <summary>The longest wait for a connection (TCP, proxy tunnel and TLS), when -TimeoutSec is not shorter.</summary>
        internal static readonly TimeSpan MaximumConnectTime = TimeSpan.FromSeconds(10);

        /// <summary>
        /// How long connecting may take: its own deadline, so a firewall that drops packets fails fast as "never
        /// connected" (retried, nothing posted) instead of using up the request's time as an unknown outcome.
        /// </summary>
        public static TimeSpan ConnectTimeFor(ZApiConnection connection) =>
            TimeSpan.FromSeconds(Math.Min(MaximumConnectTime.TotalSeconds, connection.TimeoutSec));

        /// <summary>The client for this connection's proxy (the system's when it names none).</summary>
        public static HttpClient For(ZApiConnection connection) => For(connection.Proxy, connection.ProxyCredential, ConnectTimeFor(connection));

        /// <summary>The client for a proxy (the system's when <paramref name="proxy"/> is null) and a connect deadline.</summary>
        public static HttpClient For(Uri? proxy, NetworkCredential? credential, TimeSpan connectTime)
        {
            // The password is part of the key so that a corrected password takes effect; the key never leaves this class.
            string key = connectTime.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + (proxy == null
                ? string.Empty
                : proxy.AbsoluteUri + "\n" + credential?.UserName + "\n" + credential?.Password);
            return Cached(key, () => Create(proxy == null ? null : new WebProxy(proxy, BypassOnLocal: false) { Credentials = credential }, connectTime, useProxy: true));
        }

        /// <summary>
        /// A client that never goes through a proxy, for the token endpoints of a managed identity: they answer only on
        /// the machine itself (Azure Automation's local endpoint, an Azure VM's link-local metadata address), which a
        /// system proxy would not reach.
        /// </summary>
        public static HttpClient Direct(TimeSpan connectTime) =>
            Cached("direct\n" + connectTime.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Create(null, connectTime, useProxy: false));

        /// <summary>Closes every client and its connections: the module is being removed.</summary>
        public static void DisposeAll()
        {
            lock (Gate)
            {
                foreach (HttpClient client in Clients.Values)
                {
                    client.Dispose();
                }

                Clients.Clear();
            }
        }

        private static HttpClient Cached(string key, Func<HttpClient> create)
        {
            lock (Gate)
            {
                if (!Clients.TryGetValue(key, out HttpClient? client))
                {
                    client = create();
                    Clients.Add(key, client);
                }

                return client;
            }
        }

        private static HttpClient Create(IWebProxy? proxy, TimeSpan connectTime, bool useProxy)
        {
            // Certificate validation is left to the platform: a certificate error fails the request, never bypassed.
            // Each request gets its own deadline on silence from the connection's TimeoutSec.
            return new HttpClient(CreateHandler(proxy, connectTime, useProxy), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <summary>
        /// Set when .NET Framework refused the module's TLS choice (before 4.7.1 a handler cannot take one): requests
        /// then use the process's protocols, which may lack TLS 1.2. Each ZApiClient (one per command) says so once in
        /// its verbose lines, as this class has no stream to write to.
        /// </summary>
        internal static string? ProtocolsNotApplied { get; private set; }

        /// <summary>The handler of a new client: .NET's SocketsHttpHandler on PowerShell 7, HttpClientHandler on .NET Framework.</summary>
        internal static HttpMessageHandler CreateHandler(IWebProxy? proxy, TimeSpan connectTime, bool useProxy) =>
            SocketsHandler(proxy, connectTime, useProxy) ?? FrameworkHandler(proxy, useProxy, TransportSecurity.ForThisProcess());

        /// <summary>
        /// .NET's SocketsHttpHandler, which PowerShell 7 runs on and which alone has a connect deadline. This
        /// netstandard2.0 assembly cannot name it, so it is made by reflection; null on .NET Framework.
        /// </summary>
        private static HttpMessageHandler? SocketsHandler(IWebProxy? proxy, TimeSpan connectTime, bool useProxy)
        {
            Type? type = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
            if (type == null || type.GetProperty("IsSupported")?.GetValue(null) is false)
            {
                return null;
            }

            var handler = (HttpMessageHandler)Activator.CreateInstance(type);
            // A redirected POST could be sent twice; Z-API does not redirect, so any redirect is an error to show.
            type.GetProperty("AllowAutoRedirect")!.SetValue(handler, false);
            // The system's proxy when none is given: HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
            type.GetProperty("UseProxy")!.SetValue(handler, useProxy);
            if (proxy != null)
            {
                type.GetProperty("Proxy")!.SetValue(handler, proxy);
            }

            type.GetProperty("ConnectTimeout")!.SetValue(handler, connectTime);
            return handler;
        }

        /// <param name="protocols">The TLS versions to offer (<see cref="TransportSecurity.ProtocolsFor"/>); null leaves the handler's default.</param>
        internal static HttpClientHandler FrameworkHandler(IWebProxy? proxy, bool useProxy, SslProtocols? protocols)
        {
            var handler = new HttpClientHandler
            {
                // A redirected POST could be sent twice; Z-API does not redirect, so any redirect is an error to show.
                AllowAutoRedirect = false,
                // The system's proxy: HTTPS_PROXY, HTTP_PROXY and NO_PROXY on PowerShell 7, Internet Options on 5.1.
                UseProxy = useProxy,
            };
            if (proxy != null)
            {
                handler.Proxy = proxy;
            }

            if (protocols.HasValue)
            {
                try
                {
                    // The handler's own setting, never ServicePointManager.SecurityProtocol: the caller's other requests keep theirs.
                    handler.SslProtocols = protocols.Value;
                }
                catch (PlatformNotSupportedException)
                {
                    // .NET Framework before 4.7.1: the handler follows the process's protocols, as it did before.
                    ProtocolsNotApplied = "This .NET Framework cannot choose TLS versions per request (it needs 4.7.1 or later), so the module's requests use the process's: "
                        + ServicePointManager.SecurityProtocol + ". Z-API needs TLS 1.2; install .NET Framework 4.8 or enable strong cryptography (SchUseStrongCrypto) if requests fail.";
                }
            }

            return handler;
        }
    }
}
