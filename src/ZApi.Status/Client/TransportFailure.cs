using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace ZApi.Status.Client
{
    /// <summary>Reads a transport exception for the one question that matters: could the request have reached Z-API?</summary>
    internal static class TransportFailure
    {
        /// <summary>
        /// True when the connection was never established (refused, no such host, no route), so no byte of the
        /// request left the machine and sending it again cannot post a duplicate.
        /// </summary>
        public static bool NeverConnected(Exception exception)
        {
            foreach (Exception current in ExceptionChain.Of(exception))
            {
                if (current is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }

                if (current is WebException web
                    && (web.Status == WebExceptionStatus.ConnectFailure
                        || web.Status == WebExceptionStatus.NameResolutionFailure
                        || web.Status == WebExceptionStatus.ProxyNameResolutionFailure))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the handler's connect deadline expired: a firewall that drops packets, a host that never answers.
        /// SocketsHttpHandler reports it as a TimeoutException inside the cancellation or request exception.
        /// </summary>
        public static bool ConnectTimedOut(Exception exception) => ExceptionChain.Find<TimeoutException>(exception) != null;

        /// <summary>True when TLS failed (a certificate refused): an error to report, never to bypass.</summary>
        public static bool TlsFailed(Exception exception) => ExceptionChain.Find<AuthenticationException>(exception) != null;
    }
}
