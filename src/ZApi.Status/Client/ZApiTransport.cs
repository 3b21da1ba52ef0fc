using System;
using System.Net.Http;
using System.Threading;

namespace ZApi.Status.Client
{
    /// <summary>
    /// The one HttpClient of the process. Its connections are reused across inputs, cmdlet calls and connections
    /// (tokens travel per request, not per client), which keeps a batch to one TLS handshake.
    /// </summary>
    internal static class ZApiTransport
    {
        private static readonly Lazy<HttpClient> SharedClient = new Lazy<HttpClient>(Create, LazyThreadSafetyMode.ExecutionAndPublication);

        public static HttpClient Shared => SharedClient.Value;

        private static HttpClient Create()
        {
            var handler = new HttpClientHandler
            {
                // A redirected POST could be sent twice; Z-API does not redirect, so any redirect is an error to show.
                AllowAutoRedirect = false,
                UseProxy = true,
            };

            // Each request gets its own deadline from the connection's TimeoutSec.
            return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }
}
