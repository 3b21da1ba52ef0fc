using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text;
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
        private const string QueueAction = "queue";

        /// <summary>Messages asked for per page of the queue; Z-API may answer fewer.</summary>
        internal const int QueuePageSize = 100;

        /// <summary>More pages than a queue of Z-API's largest size (1000 messages) could fill: a server whose cursor never ends is stopped.</summary>
        internal const int MaximumQueuePages = 1000;

        private readonly ZApiConnection _connection;
        private readonly HttpClient _http;
        private readonly SecretRedactor _redactor;
        private readonly Uri _statusRoute;
        private readonly string _clientToken;
        private readonly ConnectionAdvice _advice;

        /// <summary>1 once this client's verbose lines have said that .NET Framework refused the module's TLS versions.</summary>
        private int _toldProtocolsNotApplied;

        /// <param name="advice">How messages tell the user to change the connection; plain words when null.</param>
        public ZApiClient(ZApiConnection connection, ConnectionAdvice? advice = null)
            : this(connection, HttpClientCache.For(connection ?? throw new ArgumentNullException(nameof(connection))), advice)
        {
        }

        internal ZApiClient(ZApiConnection connection, HttpClient http, ConnectionAdvice? advice = null)
        {
            _advice = advice ?? ConnectionAdvice.Plain;
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _http = http;
            _clientToken = connection.PlainClientToken;
            _redactor = SecretRedactor.For(connection, Environment.GetEnvironmentVariable);
            _statusRoute = connection.Route(StatusAction);
        }

        internal SecretRedactor Redactor => _redactor;

        /// <summary>The instance this client talks to.</summary>
        public string InstanceId => _connection.InstanceId;

        /// <summary>
        /// Told, from a thread-pool thread, each wait before connecting again ("cannot connect to host, retrying in
        /// 4 s"), so that a user sees why nothing happens; null when nobody listens.
        /// </summary>
        public Action<string>? RetryWaiting { get; set; }

        /// <summary>Told, from a thread-pool thread, when a status's body starts to leave: from then on a cancelled post may exist.</summary>
        public Action? SendingStarted { get; set; }

        /// <summary>
        /// Told, from a thread-pool thread, when an attempt whose body had begun was answered in a way that means
        /// nothing was posted (429) and will be retried: a stop during the wait leaves no status behind.
        /// </summary>
        public Action? NothingPosted { get; set; }

        /// <summary>Posts one status. Throws <see cref="ZApiException"/> for every failure, OperationCanceledException on cancel.</summary>
        /// <param name="bytesSent">Told the body bytes written so far and the body's length, from a thread-pool thread.</param>
        /// <param name="attemptStarting">Told, from a thread-pool thread, as each attempt starts: the last is the one Z-API answers.</param>
        public async Task<QueuedStatus> SendAsync(StatusPost post, RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken,
            Action<long, long>? bytesSent = null, Action? attemptStarting = null)
        {
            var (statusCode, body) = await ExchangeAsync(HttpMethod.Post, post.Action, () => post.CreateContent(bytesSent), retry, log, cancellationToken, attemptStarting: attemptStarting)
                .ConfigureAwait(false);
            // Every answer, even a 2xx, is classified here: one without ids leaves the outcome unknown.
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

        /// <summary>
        /// POST .../queue, page by page until Z-API says there are no more: every message waiting in the queue (it
        /// fills while the phone is offline, and is sent at once when it is back).
        /// </summary>
        public async Task<IReadOnlyList<ZApiQueuedMessage>> GetQueueAsync(RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken)
        {
            var messages = new List<ZApiQueuedMessage>();
            var cursors = new HashSet<string>(StringComparer.Ordinal);
            string? pagingState = null;
            for (int page = 1; ; page++)
            {
                var (statusCode, body) = await ExchangeAsync(HttpMethod.Post, QueueAction, () => QueuePage.Request(QueuePageSize, pagingState), retry, log, cancellationToken,
                    canPost: false).ConfigureAwait(false);
                QueuePage answer = (statusCode == 200 ? QueuePage.Parse(body) : null)
                    ?? throw ResponseClassifier.ToException(statusCode, body, ResponseClassifier.Parse(body), _connection.InstanceId, _redactor, mayHavePosted: false);
                messages.AddRange(answer.Messages);
                if (!answer.HasMore || string.IsNullOrEmpty(answer.PagingState))
                {
                    return messages;
                }

                if (!cursors.Add(answer.PagingState!) || page >= MaximumQueuePages)
                {
                    throw new ZApiException(ZApiErrorId.ZApiRequestFailed, string.Format(CultureInfo.InvariantCulture,
                        "Z-API's queue did not end after {0} pages (its page cursor came back, or never stopped): {1} messages were read, and none is shown rather than part of them.",
                        page, messages.Count));
                }

                pagingState = answer.PagingState;
            }
        }

        /// <summary>DELETE .../queue/{zaapId}: takes one message out of the queue before it is sent.</summary>
        public async Task RemoveQueuedAsync(string zaapId, RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken)
        {
            var (statusCode, body) = await ExchangeAsync(HttpMethod.Delete, QueueAction + "/" + Uri.EscapeDataString(zaapId), null, retry, log, cancellationToken)
                .ConfigureAwait(false);
            ResponseFields fields = ResponseClassifier.Parse(body);
            if (statusCode >= 200 && statusCode < 300 && fields.Value != false)
            {
                return;
            }

            if ((statusCode == 404 && !ResponseClassifier.IsAboutCredentials(fields.Error ?? string.Empty)) || (statusCode >= 200 && statusCode < 300))
            {
                string said = ResponseClassifier.Shorten(_redactor.Redact(fields.Error ?? body));
                throw new ZApiException(ZApiErrorId.QueuedMessageNotFound, string.Format(CultureInfo.InvariantCulture,
                    "No message with zaapId '{0}' waits in the queue of instance '{1}' (HTTP {2}{3}): it was sent already, or cancelled. Get-ZApiQueue lists what waits.",
                    zaapId, _connection.InstanceId, statusCode, said.Length == 0 ? string.Empty : ": " + said), statusCode);
            }

            throw ResponseClassifier.ToException(statusCode, body, fields, _connection.InstanceId, _redactor, mayHavePosted: false);
        }

        /// <param name="canPost">Whether the request can post a status (a send); by default, a POST can.</param>
        /// <param name="attemptStarting">Told as each attempt starts.</param>
        private async Task<(int StatusCode, string Body)> ExchangeAsync(HttpMethod method, string action, Func<HttpContent>? createContent,
            RetryPolicy retry, Action<string>? log, CancellationToken cancellationToken, bool? canPost = null, Action? attemptStarting = null)
        {
            bool mayPost = canPost ?? method == HttpMethod.Post;
            string shownRoute = method.Method + " " + _connection.RedactedRoute(action);
            TimeSpan silence = TimeSpan.FromSeconds(_connection.TimeoutSec);
            // An exchange that never once reached the server stops the batch: every later input would fail the same way.
            bool answered = false;
            for (int attempt = 0; ; attempt++)
            {
                attemptStarting?.Invoke();
                TimeSpan? retryAfter;
                string retryReason;
                string? connectFailure = null;
                using (var request = new HttpRequestMessage(method, action == StatusAction ? _statusRoute : _connection.Route(action)))
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    // TimeoutSec limits silence, not the whole exchange: every write of the body starts it afresh,
                    // so a large image on a slow uplink is not cut off while its bytes keep moving.
                    bool toldStarted = false;
                    void Moved()
                    {
                        Rearm(deadline, silence);
                        if (mayPost && !toldStarted && BodyStarted())
                        {
                            toldStarted = true;
                            SendingStarted?.Invoke();
                        }
                    }

                    request.Headers.TryAddWithoutValidation("Client-Token", _clientToken);
                    ObservedContent? content = null;
                    try
                    {
                        content = createContent == null ? null : new ObservedContent(createContent(), Moved);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is ZApiException))
                    {
                        throw new ZApiException(ZApiErrorId.ZApiRequestFailed, $"The request {shownRoute} could not be prepared: {_redactor.Redact(ex.Message)} Nothing was posted.", _redactor.RedactChain(ex));
                    }

                    request.Content = content;
                    long? length = content?.Headers.ContentLength;
                    if (log != null && HttpClientCache.ProtocolsNotApplied is string protocolsNote && Interlocked.Exchange(ref _toldProtocolsNotApplied, 1) == 0)
                    {
                        log(protocolsNote);
                    }

                    log?.Invoke(length.HasValue
                        ? string.Format(CultureInfo.InvariantCulture, "{0} ({1:N0} bytes)", shownRoute, length.Value)
                        : shownRoute);

                    var stopwatch = Stopwatch.StartNew();
                    // Connecting has its own, shorter deadline in the handler; silence is counted once it could be exceeded.
                    deadline.CancelAfter(silence + HttpClientCache.ConnectTimeFor(_connection));
                    // Nothing of a POST can have reached Z-API until its body began: that needs a connection.
                    bool BodyStarted() => content?.Started ?? false;
                    bool Expired() => deadline.IsCancellationRequested;
                    int statusCode;
                    string body;
                    try
                    {
                        using (HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false))
                        {
                            answered = true;
                            Moved();
                            statusCode = (int)response.StatusCode;
                            body = await ReadCappedAsync(response.Content, deadline.Token).ConfigureAwait(false);
                            log?.Invoke(string.Format(CultureInfo.InvariantCulture, "HTTP {0} in {1:N0} ms", statusCode, stopwatch.ElapsedMilliseconds));
                            if (statusCode != 429 || attempt >= retry.MaximumRetryCount)
                            {
                                return (statusCode, body);
                            }

                            retryAfter = response.Headers.RetryAfter?.Delta
                                ?? (response.Headers.RetryAfter?.Date - DateTimeOffset.UtcNow);
                            retryReason = "HTTP 429 (throttled)";
                            if (toldStarted)
                            {
                                NothingPosted?.Invoke();
                            }
                        }
                    }
                    catch (Exception ex) when (ExceptionChain.Find<BodySourceException>(ex) is BodySourceException source)
                    {
                        // The body stopped short of its Content-Length, so the server got no complete request.
                        throw source.Failure;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception ex) when (NeverConnected(ex, content, Expired()) && attempt < retry.MaximumRetryCount)
                    {
                        retryAfter = null;
                        connectFailure = ConnectFailure(ex);
                        retryReason = "could not connect: " + connectFailure;
                    }
                    catch (Exception ex) when (NeverConnected(ex, content, Expired()) && !answered)
                    {
                        throw Unreachable(mayPost, attempt + 1, ConnectFailure(ex), ex);
                    }
                    catch (Exception ex) when (NeverConnected(ex, content, Expired()))
                    {
                        throw new ZApiException(ZApiErrorId.ZApiRequestFailed,
                            $"Cannot connect for {shownRoute}: {ConnectFailure(ex)}.{(mayPost ? " Nothing was posted;" : string.Empty)} Check the network, the proxy and {_advice.Address}.",
                            _redactor.RedactChain(ex));
                    }
                    catch (OperationCanceledException ex)
                    {
                        throw TimedOut(mayPost, shownRoute, ex);
                    }
                    catch (HttpRequestException ex)
                    {
                        // A failure before the body began (a refused proxy tunnel, say) cannot have posted anything.
                        throw TransportFailed(mayPost && BodyStarted(), shownRoute, ex, mayPost);
                    }
                    catch (Exception ex) when (!(ex is ZApiException))
                    {
                        // Whatever else a handler, a proxy or an answer throws is still this input's error, never the batch's.
                        throw Broke(mayPost && BodyStarted(), shownRoute, ex);
                    }
                }

                TimeSpan wait = WaitToRetry(retry, attempt + 1, retryAfter, retryReason, log);
                if (connectFailure != null)
                {
                    RetryWaiting?.Invoke(string.Format(CultureInfo.InvariantCulture, "Cannot connect to {0} ({1}); retrying in {2:0.#} s (retry {3} of {4}).",
                        _connection.BaseUri.Authority, connectFailure, wait.TotalSeconds, attempt + 1, retry.MaximumRetryCount));
                }

                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Z-API answers in under 1 KB; more than this is not an answer to read, and is never held whole.</summary>
        internal const int MaximumAnswerBytes = 64 * 1024;

        private static async Task<string> ReadCappedAsync(HttpContent? content, CancellationToken cancellationToken)
        {
            if (content == null)
            {
                return string.Empty;
            }

            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                var buffer = new byte[MaximumAnswerBytes];
                int total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                // Invalid UTF-8 (or a cut through a character) becomes U+FFFD: the text is only shown, never sent on.
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }

        /// <summary>
        /// True when no byte of the request can have reached the server: the connection was refused or unreachable,
        /// or connecting ran out of its own time (the handler's connect deadline, or ours before any body byte moved).
        /// </summary>
        private static bool NeverConnected(Exception ex, ObservedContent? content, bool deadlineExpired) =>
            TransportFailure.NeverConnected(ex)
            || (!(content?.Started ?? false) && TransportFailure.ConnectTimedOut(ex))
            || (content != null && !content.Started && deadlineExpired && ex is OperationCanceledException);

        private string ConnectFailure(Exception ex) =>
            TransportFailure.ConnectTimedOut(ex)
                ? "no connection within " + HttpClientCache.ConnectTimeFor(_connection).TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s"
                : _redactor.Redact(ExceptionChain.Innermost(ex).Message);

        private static void Rearm(CancellationTokenSource deadline, TimeSpan silence)
        {
            try
            {
                deadline.CancelAfter(silence);
            }
            catch (ObjectDisposedException)
            {
                // The exchange is over: a late report has nothing left to extend.
            }
        }

        private ZApiException Broke(bool mayHavePosted, string shownRoute, Exception ex)
        {
            string cause = _redactor.Redact(ExceptionChain.Innermost(ex).Message);
            return mayHavePosted
                ? new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    $"The exchange {shownRoute} failed after the request was sent: {cause}. The status may or may not have been posted: check the phone's status before you send it again.",
                    _redactor.RedactChain(ex))
                : new ZApiException(ZApiErrorId.ZApiRequestFailed, $"The exchange {shownRoute} failed: {cause}. Nothing was posted.", _redactor.RedactChain(ex));
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
        private ZApiException Unreachable(bool mayPost, int attempts, string cause, Exception ex) =>
            new ZApiException(ZApiErrorId.ZApiUnreachable, string.Format(CultureInfo.InvariantCulture,
                "Cannot connect to {0} ({1}) after {2} attempt{3}.{4} Check {5} ({6}), the network and the proxy; for the local sandbox, check that it is started.",
                _connection.BaseUri.Authority, cause, attempts, attempts == 1 ? string.Empty : "s", mayPost ? " Nothing was posted." : string.Empty,
                _advice.Address, _connection.BaseUri.Scheme + "://" + _connection.BaseUri.Authority), _redactor.RedactChain(ex));

        private ZApiException TimedOut(bool mayPost, string shownRoute, Exception ex)
        {
            string what = string.Format(CultureInfo.InvariantCulture, "No answer to {0} within {1} s.", shownRoute, _connection.TimeoutSec);
            return mayPost
                ? new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    what + " The status may or may not have been posted: check the phone's status before you send it again, or " + _advice.RaiseTimeout + ".",
                    _redactor.RedactChain(ex))
                : new ZApiException(ZApiErrorId.ZApiRequestFailed, what + " Check the network and " + _advice.Address + ", or " + _advice.RaiseTimeout + ".", _redactor.RedactChain(ex));
        }

        /// <param name="mayHavePosted">True when a POST's body began: only then can the outcome be unknown.</param>
        /// <param name="isPost">True for a send, whose message then says that nothing was posted.</param>
        private ZApiException TransportFailed(bool mayHavePosted, string shownRoute, HttpRequestException ex, bool isPost)
        {
            string cause = _redactor.Redact(ExceptionChain.Innermost(ex).Message);
            if (TransportFailure.TlsFailed(ex))
            {
                return new ZApiException(ZApiErrorId.ZApiRequestFailed,
                    $"The TLS connection for {shownRoute} failed: {cause}.{(isPost ? " Nothing was posted;" : string.Empty)} The server's certificate is not trusted on this machine.",
                    _redactor.RedactChain(ex));
            }

            if (!mayHavePosted && isPost)
            {
                return new ZApiException(ZApiErrorId.ZApiRequestFailed,
                    $"The request {shownRoute} failed before its body was sent: {cause}. Nothing was posted; check the network, the proxy and {_advice.Address}.",
                    _redactor.RedactChain(ex));
            }

            return mayHavePosted
                ? new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    $"The connection broke during {shownRoute}: {cause}. The status may or may not have been posted: check the phone's status before you send it again.",
                    _redactor.RedactChain(ex))
                : new ZApiException(ZApiErrorId.ZApiRequestFailed, $"The connection broke during {shownRoute}: {cause}", _redactor.RedactChain(ex));
        }

        public override string ToString() => _connection.ToString();
    }
}
