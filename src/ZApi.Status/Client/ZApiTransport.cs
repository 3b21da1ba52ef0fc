using System;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace ZApi.Status.Client
{
    /// <summary>
    /// The one HttpClient of the process. Its connections are reused across inputs, cmdlet calls and connections
    /// (tokens travel per request, not per client), which keeps a batch to one TLS handshake. Only a connection with
    /// its own -Proxy gets a client of its own.
    /// </summary>
    internal static class ZApiTransport
    {
        private static readonly Lazy<HttpClient> SharedClient = new Lazy<HttpClient>(() => Create(null), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Goes through the system's proxy: HTTPS_PROXY, HTTP_PROXY and NO_PROXY on PowerShell 7, Internet Options on 5.1.</summary>
        public static HttpClient Shared => SharedClient.Value;

        public static HttpClient For(Uri? proxy, ICredentials? proxyCredential) =>
            proxy == null ? Shared : Create(new WebProxy(proxy, BypassOnLocal: false) { Credentials = proxyCredential });

        private static HttpClient Create(IWebProxy? proxy)
        {
            var handler = new HttpClientHandler
            {
                // A redirected POST could be sent twice; Z-API does not redirect, so any redirect is an error to show.
                AllowAutoRedirect = false,
                UseProxy = true,
            };
            if (proxy != null)
            {
                handler.Proxy = proxy;
            }

            // Certificate validation is left to the platform: a certificate error fails the request, never bypassed.
            // Each request gets its own deadline from the connection's TimeoutSec.
            return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }
}
