using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
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

        /// <summary>The client for this connection's proxy (the system's when it names none).</summary>
        public static HttpClient For(ZApiConnection connection)
        {
            NetworkCredential? credential = connection.ProxyCredential;
            // The password is part of the key so that a corrected password takes effect; the key never leaves this class.
            string key = connection.Proxy == null
                ? string.Empty
                : connection.Proxy.AbsoluteUri + "\n" + credential?.UserName + "\n" + credential?.Password;
            lock (Gate)
            {
                if (!Clients.TryGetValue(key, out HttpClient? client))
                {
                    client = Create(connection.Proxy == null ? null : new WebProxy(connection.Proxy, BypassOnLocal: false) { Credentials = credential });
                    Clients.Add(key, client);
                }

                return client;
            }
        }

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

        private static HttpClient Create(IWebProxy? proxy)
        {
            var handler = new HttpClientHandler
            {
                // A redirected POST could be sent twice; Z-API does not redirect, so any redirect is an error to show.
                AllowAutoRedirect = false,
                // The system's proxy: HTTPS_PROXY, HTTP_PROXY and NO_PROXY on PowerShell 7, Internet Options on 5.1.
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
