using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Talks to one Z-API instance: sends statuses and reads the instance's state. It retries only what cannot have
    /// posted, redacts every secret from what it reports, and knows nothing about PowerShell.
    /// </summary>
    internal sealed class ZApiClient
    {
        private const string StatusAction = "status";

        private readonly ZApiConnection _connection;
        private readonly HttpClient _http;
        private readonly SecretRedactor _redactor;
        private readonly Uri _statusRoute;
        private readonly string _clientToken;

        public ZApiClient(ZApiConnection connection)
            : this(connection, HttpClientCache.For(connection ?? throw new ArgumentNullException(nameof(connection))))
        {
        }

        internal ZApiClient(ZApiConnection connection, HttpClient http)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _http = http;
            _clientToken = connection.PlainClientToken;
            _redactor = SecretRedactor.For(connection, Environment.GetEnvironmentVariable);
            _statusRoute = connection.Route(StatusAction);
        }

        internal SecretRedactor Redactor => _redactor;

        /// <summary>Posts one status. Throws <see cref="ZApiException"/> for every failure, OperationCanceledException on cancel.</summary>
        /// <param name="bytesSent">Told the body bytes written so far and the body's length, from a thread-pool thread.</param>
        public async Task<QueuedStatus> SendAsync(StatusPost post, RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken,
            Action<long, long>? bytesSent = null)
        {
            var (statusCode, body) = await ExchangeAsync(HttpMethod.Post, post.Action, () => post.CreateContent(bytesSent), retry, log, cancellationToken).ConfigureAwait(false);
            return ResponseClassifier.ToSendResult(statusCode, body, _connection.InstanceId, _redactor, mayHavePosted: true);
        }

        /// <summary>GET .../status: whether the instance and its phone are connected.</summary>
        public async Task<ZApiInstanceStatus> GetStatusAsync(RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken)
        {
            var (statusCode, body) = await ExchangeAsync(HttpMethod.Get, StatusAction, null, retry, log, cancellationToken).ConfigureAwait(false);
            ResponseFields fields = ResponseClassifier.Parse(body);
            if (statusCode == 200 && fields.Connected.HasValue)
            {
                return new ZApiInstanceStatus(_connection.InstanceId, fields.Connected.Value, fields.SmartphoneConnected ?? false, fields.Error == null ? null : ResponseClassifier.Shorten(_redactor.Redact(fields.Error)));
            }

            throw ResponseClassifier.ToException(statusCode, body, fields, _connection.InstanceId, _redactor, mayHavePosted: false);
        }

        private async Task<(int StatusCode, string Body)> ExchangeAsync(HttpMethod method, string action, Func<HttpContent>? createContent,
            RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken)
        {
            bool mayPost = method == HttpMethod.Post;
            string shownRoute = method.Method + " " + _connection.RedactedRoute(action);
            for (int attempt = 0; ; attempt++)
            {
                TimeSpan? retryAfter;
                using (var request = new HttpRequestMessage(method, action == StatusAction ? _statusRoute : _connection.Route(action)))
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    request.Headers.TryAddWithoutValidation("Client-Token", _clientToken);
                    request.Content = createContent?.Invoke();
                    long? length = request.Content?.Headers.ContentLength;
                    log?.Invoke(length.HasValue
                        ? string.Format(CultureInfo.InvariantCulture, "{0} ({1:N0} bytes)", shownRoute, length.Value)
                        : shownRoute);

                    var stopwatch = Stopwatch.StartNew();
                    deadline.CancelAfter(TimeSpan.FromSeconds(_connection.TimeoutSec));
                    HttpResponseMessage response;
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (BodySourceException.FindIn(ex) is BodySourceException source)
                    {
                        // The body stopped short of its Content-Length, so the server got no complete request.
                        throw source.Failure;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (OperationCanceledException ex)
                    {
                        throw TimedOut(mayPost, shownRoute, ex);
                    }
                    catch (HttpRequestException ex) when (TransportFailure.NeverConnected(ex) && attempt < retry.MaximumRetryCount)
                    {
                        await WaitToRetryAsync(retry, attempt + 1, null, "could not connect: " + _redactor.Redact(ex.InnerException?.Message ?? ex.Message), log, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    catch (HttpRequestException ex)
                    {
                        throw TransportFailed(mayPost, shownRoute, ex);
                    }

                    using (response)
                    {
                        string body = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        int statusCode = (int)response.StatusCode;
                        log?.Invoke(string.Format(CultureInfo.InvariantCulture, "HTTP {0} in {1:N0} ms", statusCode, stopwatch.ElapsedMilliseconds));
                        if (statusCode != 429 || attempt >= retry.MaximumRetryCount)
                        {
                            return (statusCode, body);
                        }

                        retryAfter = response.Headers.RetryAfter?.Delta
                            ?? (response.Headers.RetryAfter?.Date - DateTimeOffset.UtcNow);
                    }
                }

                await WaitToRetryAsync(retry, attempt + 1, retryAfter, "HTTP 429 (throttled)", log, cancellationToken).ConfigureAwait(false);
            }
        }

        private static Task WaitToRetryAsync(RetryPolicy retry, int retryNumber, TimeSpan? retryAfter, string reason, Action<string>? log, CancellationToken cancellationToken)
        {
            TimeSpan delay = retry.DelayBefore(retryNumber, retryAfter);
            log?.Invoke(string.Format(CultureInfo.InvariantCulture, "{0}; retry {1} of {2} in {3:0.0} s",
                reason, retryNumber, retry.MaximumRetryCount, delay.TotalSeconds));
            return Task.Delay(delay, cancellationToken);
        }

        private ZApiException TimedOut(bool mayPost, string shownRoute, Exception ex)
        {
            string what = string.Format(CultureInfo.InvariantCulture, "No answer to {0} within {1} s.", shownRoute, _connection.TimeoutSec);
            return mayPost
                ? new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    what + " The status may or may not have been posted: check the phone's status before you send it again, or raise -TimeoutSec with Set-ZApiConnection.",
                    _redactor.RedactChain(ex))
                : new ZApiException(ZApiErrorId.ZApiRequestFailed, what + " Check the network and -BaseUri, or raise -TimeoutSec.", _redactor.RedactChain(ex));
        }

        private ZApiException TransportFailed(bool mayPost, string shownRoute, HttpRequestException ex)
        {
            string cause = _redactor.Redact(Innermost(ex).Message);
            if (TransportFailure.NeverConnected(ex))
            {
                return new ZApiException(ZApiErrorId.ZApiRequestFailed,
                    $"Cannot connect for {shownRoute}: {cause}.{(mayPost ? " Nothing was posted;" : string.Empty)} Check the network, the proxy and -BaseUri.",
                    _redactor.RedactChain(ex));
            }

            if (TransportFailure.TlsFailed(ex))
            {
                return new ZApiException(ZApiErrorId.ZApiRequestFailed,
                    $"The TLS connection for {shownRoute} failed: {cause}.{(mayPost ? " Nothing was posted;" : string.Empty)} The server's certificate is not trusted on this machine.",
                    _redactor.RedactChain(ex));
            }

            return mayPost
                ? new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    $"The connection broke during {shownRoute}: {cause}. The status may or may not have been posted: check the phone's status before you send it again.",
                    _redactor.RedactChain(ex))
                : new ZApiException(ZApiErrorId.ZApiRequestFailed, $"The connection broke during {shownRoute}: {cause}", _redactor.RedactChain(ex));
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }

        public override string ToString() => _connection.ToString();
    }
}
