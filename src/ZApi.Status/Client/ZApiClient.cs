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
            _redactor = new SecretRedactor(connection.PlainToken, _clientToken);
            _statusRoute = connection.Route(StatusAction);
        }

        internal SecretRedactor Redactor => _redactor;

        /// <summary>
        /// Told, from a thread-pool thread, each wait before connecting again ("cannot connect to host, retrying in
        /// 4 s"), so that a user sees why nothing happens; null when nobody listens.
        /// </summary>
        public Action<string>? RetryWaiting { get; set; }

        /// <summary>Told, from a thread-pool thread, when a status's body starts to leave: from then on a cancelled post may exist.</summary>
        public Action? SendingStarted { get; set; }

        /// <summary>Posts one status. Throws <see cref="ZApiException"/> for every failure, OperationCanceledException on cancel.</summary>
        /// <param name="bytesSent">Told the media bytes sent so far and the media's length, from a thread-pool thread.</param>
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
                return new ZApiInstanceStatus(_connection.InstanceId, fields.Connected.Value, fields.SmartphoneConnected ?? false, _redactor.Redact(fields.Error));
            }

            throw ResponseClassifier.ToException(statusCode, body, fields, _connection.InstanceId, _redactor, mayHavePosted: false);
        }

        private async Task<(int StatusCode, string Body)> ExchangeAsync(HttpMethod method, string action, Func<HttpContent>? createContent,
            RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken)
        {
            bool mayPost = method == HttpMethod.Post;
            string shownRoute = method.Method + " " + _connection.RedactedRoute(action);
            bool answered = false;
            for (int attempt = 0; ; attempt++)
            {
                TimeSpan? retryAfter;
                using (var request = new HttpRequestMessage(method, action == StatusAction ? _statusRoute : _connection.Route(action)))
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    request.Headers.TryAddWithoutValidation("Client-Token", _clientToken);
                    HttpContent? content = createContent?.Invoke();
                    request.Content = content != null && mayPost ? new SendObservingContent(content, () => SendingStarted?.Invoke()) : content;
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
                        string cause = _redactor.Redact(ex.InnerException?.Message ?? ex.Message);
                        TimeSpan wait = WaitToRetry(retry, attempt + 1, null, "could not connect: " + cause, log);
                        RetryWaiting?.Invoke(string.Format(CultureInfo.InvariantCulture, "Cannot connect to {0} ({1}); retrying in {2:0.#} s (retry {3} of {4}).",
                            _connection.BaseUri.Authority, cause, wait.TotalSeconds, attempt + 1, retry.MaximumRetryCount));
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    catch (HttpRequestException ex) when (TransportFailure.NeverConnected(ex) && !answered)
                    {
                        throw Unreachable(mayPost, attempt + 1, ex);
                    }
                    catch (HttpRequestException ex)
                    {
                        throw TransportFailed(mayPost, shownRoute, ex);
                    }

                    answered = true;
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

                await Task.Delay(WaitToRetry(retry, attempt + 1, retryAfter, "HTTP 429 (throttled)", log), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The wait before the next attempt, logged.</summary>
        private static TimeSpan WaitToRetry(RetryPolicy retry, int retryNumber, TimeSpan? retryAfter, string reason, Action<string>? log)
        {
            TimeSpan delay = retry.DelayBefore(retryNumber, retryAfter);
            log?.Invoke(string.Format(CultureInfo.InvariantCulture, "{0}; retry {1} of {2} in {3:0.0} s",
                reason, retryNumber, retry.MaximumRetryCount, delay.TotalSeconds));
            return delay;
        }

        /// <summary>
        /// Every attempt failed before a connection was made: the next input would fail the same way, so the cmdlet
        /// stops the batch. The message says what to check.
        /// </summary>
        private ZApiException Unreachable(bool mayPost, int attempts, HttpRequestException ex)
        {
            string cause = _redactor.Redact(Innermost(ex).Message);
            return new ZApiException(ZApiErrorId.ZApiUnreachable, string.Format(CultureInfo.InvariantCulture,
                "Cannot connect to {0} ({1}) after {2} attempt{3}.{4} Check -BaseUri ({5}), the network and the proxy; for the local sandbox, check that it is started.",
                _connection.BaseUri.Authority, cause, attempts, attempts == 1 ? string.Empty : "s", mayPost ? " Nothing was posted." : string.Empty,
                _connection.BaseUri.Scheme + "://" + _connection.BaseUri.Authority), _redactor.RedactChain(ex));
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
