using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.Tables
{
    /// <summary>
    /// The few operations of the Azure Table REST API that a status history needs, spoken over the module's own
    /// HttpClient (no Azure SDK: Az.Accounts loads its own Azure.Core, and a second copy in one session breaks one of
    /// them): insert, read one entity, replace it on its ETag, and query with continuation. 409, 412 and a missing
    /// entity are answers, not failures; throttling, server errors and silence are retried a few times with backoff;
    /// everything else is a HistoryUnavailable that names the table, never its SAS or token.
    /// </summary>
    internal sealed class TableClient
    {
        /// <summary>The REST version spoken: the first that takes OAuth bearer tokens.</summary>
        public const string ServiceVersion = "2019-02-02";

        private const string JsonWithoutMetadata = "application/json;odata=nometadata";
        private static readonly Regex XmlErrorCode = new Regex("<Code>([^<]*)</Code>", RegexOptions.CultureInvariant);

        private readonly TableAddress _address;
        private readonly HttpClient _http;
        private readonly TableRetry _retry;

        public TableClient(TableAddress address, TableCredential credential, HttpClient http, TableRetry? retry = null)
        {
            _address = address;
            Credential = credential;
            _http = http;
            _retry = retry ?? TableRetry.Default;
        }

        public TableCredential Credential { get; }

        /// <summary>Told of each wait before a request is sent again, so throttling is not silent.</summary>
        public Action<string>? Retrying { get; set; }

        /// <summary>The table as messages name it: its URL without the SAS.</summary>
        public string Name => _address.Name;

        /// <summary>Reads one entity of the table, so a table that is missing, unreachable or refuses the credentials fails here, before any post.</summary>
        public async Task CheckAsync(CancellationToken cancellationToken)
        {
            Answer answer = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _address.QueryUri(null, 1, null, null)), "read", cancellationToken).ConfigureAwait(false);
            if (answer.Status != 200)
            {
                throw Failure("read", answer);
            }
        }

        /// <summary>Inserts an entity that must not exist yet: Written with its ETag, or AlreadyExists.</summary>
        public async Task<TableWrite> InsertAsync(TableEntity entity, CancellationToken cancellationToken)
        {
            Answer answer = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, _address.TableUri) { Content = Json(entity) };
                request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
                return request;
            }, "insert an entity into", cancellationToken).ConfigureAwait(false);
            switch (answer.Status)
            {
                case 201:
                case 204:
                    return new TableWrite(TableWriteResult.Written, answer.ETag);
                case 409 when answer.ErrorCode == null || answer.ErrorCode == "EntityAlreadyExists":
                    return new TableWrite(TableWriteResult.AlreadyExists, null);
                default:
                    throw Failure("insert an entity into", answer);
            }
        }

        /// <summary>The entity with these keys and its ETag; null when there is none.</summary>
        public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
        {
            Answer answer = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _address.EntityUri(partitionKey, rowKey)), "read", cancellationToken).ConfigureAwait(false);
            if (answer.Status == 404 && answer.ErrorCode != "TableNotFound")
            {
                return null;
            }

            if (answer.Status != 200)
            {
                throw Failure("read", answer);
            }

            try
            {
                using (JsonDocument json = JsonDocument.Parse(answer.Body))
                {
                    return TableEntity.FromJson(json.RootElement, answer.ETag) ?? throw Malformed("read", "an entity without keys");
                }
            }
            catch (JsonException ex)
            {
                throw Malformed("read", ex.Message);
            }
        }

        /// <summary>
        /// Replaces an entity if it still has <paramref name="etag"/> (If-Match, never an unconditional write, which
        /// would overwrite another process's claim): Written with its new ETag, Changed (412) or Missing (404).
        /// </summary>
        public async Task<TableWrite> ReplaceAsync(TableEntity entity, string etag, CancellationToken cancellationToken)
        {
            Answer answer = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, _address.EntityUri(entity.PartitionKey, entity.RowKey)) { Content = Json(entity) };
                // As the service sent it: a weak ETag holds quotes and %-escapes that must not be touched.
                request.Headers.TryAddWithoutValidation("If-Match", etag);
                return request;
            }, "update an entity of", cancellationToken).ConfigureAwait(false);
            switch (answer.Status)
            {
                case 204:
                case 200:
                    return new TableWrite(TableWriteResult.Written, answer.ETag);
                case 412:
                    return new TableWrite(TableWriteResult.Changed, null);
                case 404 when answer.ErrorCode != "TableNotFound":
                    return new TableWrite(TableWriteResult.Missing, null);
                default:
                    throw Failure("update an entity of", answer);
            }
        }

        /// <summary>Every entity that matches an OData filter, page by page, following the continuation the service gives.</summary>
        public async Task<IReadOnlyList<TableEntity>> QueryAsync(string? filter, CancellationToken cancellationToken)
        {
            var entities = new List<TableEntity>();
            string? nextPartitionKey = null, nextRowKey = null;
            do
            {
                string? partition = nextPartitionKey, row = nextRowKey;
                Answer answer = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _address.QueryUri(filter, null, partition, row)), "query", cancellationToken).ConfigureAwait(false);
                if (answer.Status != 200)
                {
                    throw Failure("query", answer);
                }

                try
                {
                    using (JsonDocument json = JsonDocument.Parse(answer.Body))
                    {
                        if (!json.RootElement.TryGetProperty("value", out JsonElement page) || page.ValueKind != JsonValueKind.Array)
                        {
                            throw Malformed("query", "no list of entities");
                        }

                        entities.AddRange(page.EnumerateArray().Select(item => TableEntity.FromJson(item, null)).Where(entity => entity != null)!);
                    }
                }
                catch (JsonException ex)
                {
                    throw Malformed("query", ex.Message);
                }

                nextPartitionKey = answer.NextPartitionKey;
                nextRowKey = answer.NextRowKey;
            }
            while (nextPartitionKey != null || nextRowKey != null);

            return entities;
        }

        private static HttpContent Json(TableEntity entity)
        {
            var content = new ByteArrayContent(entity.ToJson());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        /// <summary>
        /// Sends a request, again after throttling (429, 503 ServerBusy), a server error or silence, up to the retry
        /// policy's count; the answer of the last attempt otherwise. A write that went unanswered may have been
        /// applied: its repetition then meets the entity it wrote (409 or 412), which the caller recognises as its own.
        /// </summary>
        private async Task<Answer> SendAsync(Func<HttpRequestMessage> create, string action, CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                string retryReason;
                TimeSpan? retryAfter = null;
                using (HttpRequestMessage request = create())
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    request.Headers.TryAddWithoutValidation("Accept", JsonWithoutMetadata);
                    request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
                    request.Headers.TryAddWithoutValidation("x-ms-date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
                    request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0;NetFx");
                    try
                    {
                        await Credential.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ZApiException ex)
                    {
                        throw new ZApiException(ex.ErrorId, $"Cannot use the status history table '{Name}'. {ex.Message}", ex.InnerException);
                    }

                    deadline.CancelAfter(_retry.RequestTime);
                    try
                    {
                        using (HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false))
                        {
                            var answer = new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false), response);
                            if (!IsTransient(answer.Status) || attempt > _retry.MaximumRetryCount)
                            {
                                return answer;
                            }

                            retryReason = string.Format(CultureInfo.InvariantCulture, "HTTP {0}{1}", answer.Status, answer.ErrorCode == null ? string.Empty : " " + answer.ErrorCode);
                            retryAfter = response.Headers.RetryAfter?.Delta;
                        }
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is HttpRequestException || ex is OperationCanceledException))
                    {
                        string what = ex is OperationCanceledException
                            ? string.Format(CultureInfo.InvariantCulture, "no answer within {0:0.#} s", _retry.RequestTime.TotalSeconds)
                            : ExceptionChain.Innermost(ex).Message;
                        if (attempt > _retry.MaximumRetryCount)
                        {
                            var redactor = new SecretRedactor(Credential.Secrets);
                            throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                                redactor.Redact($"Cannot {action} the status history table '{Name}': {what} ({attempt} attempts). Check the table's URL, the network and the proxy."),
                                redactor.RedactChain(ex));
                        }

                        retryReason = what;
                    }
                }

                TimeSpan wait = _retry.DelayBefore(attempt, retryAfter);
                Retrying?.Invoke(new SecretRedactor(Credential.Secrets).Redact(string.Format(CultureInfo.InvariantCulture,
                    "A request to {1} the status history table '{0}' failed ({2}); trying again in {3:0.0} s (retry {4} of {5}).",
                    Name, action, retryReason, wait.TotalSeconds, attempt, _retry.MaximumRetryCount)));
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        // 408 and 500 mean the service timed out or failed inside; 503 ServerBusy and ServerTimeout, and 429, mean "later".
        private static bool IsTransient(int status) => status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        private ZApiException Failure(string action, Answer answer)
        {
            var redactor = new SecretRedactor(Credential.Secrets);
            string code = answer.ErrorCode == null ? string.Empty : ", " + answer.ErrorCode;
            string said = ResponseClassifier.Shorten(redactor.Redact(answer.Message));
            string message;
            if (answer.Status == 401 || answer.Status == 403)
            {
                string advice = Credential is SasCredential
                    ? "Check that the SAS is for this table or its account, has not expired, and allows read, add and update (sp=rau)."
                    : "Check that the identity has the role 'Storage Table Data Contributor' on the storage account, and that the token is for https://storage.azure.com/.";
                message = $"The status history table '{Name}' refused {Credential.Description} (HTTP {answer.Status}{code}). {advice}";
            }
            else if (answer.Status == 404)
            {
                message = $"The status history table '{Name}' does not exist (HTTP 404{code}). Create it first (New-AzStorageTable -Name {_address.TableName}, "
                    + $"or az storage table create --name {_address.TableName}): a history table is never created on its own.";
            }
            else
            {
                message = string.Format(CultureInfo.InvariantCulture, "Cannot {0} the status history table '{1}': HTTP {2}{3}{4}", action, Name, answer.Status, code,
                    said.Length == 0 ? "." : ": " + said);
            }

            return new ZApiException(ZApiErrorId.HistoryUnavailable, redactor.Redact(message), answer.Status);
        }

        private ZApiException Malformed(string action, string what) =>
            new ZApiException(ZApiErrorId.HistoryUnavailable, $"Cannot {action} the status history table '{Name}': its answer could not be read ({what}).");

        /// <summary>What a request's answer says, read whole (table answers are small).</summary>
        private sealed class Answer
        {
            public Answer(int status, string body, HttpResponseMessage response)
            {
                Status = status;
                Body = body;
                ETag = Header(response, "ETag");
                NextPartitionKey = Header(response, "x-ms-continuation-NextPartitionKey");
                NextRowKey = Header(response, "x-ms-continuation-NextRowKey");
                (ErrorCode, Message) = ReadError(Header(response, "x-ms-error-code"), body);
            }

            public int Status { get; }

            public string Body { get; }

            public string? ETag { get; }

            public string? NextPartitionKey { get; }

            public string? NextRowKey { get; }

            /// <summary>The storage error code (TableNotFound, EntityAlreadyExists, AuthorizationFailure); null when none was given.</summary>
            public string? ErrorCode { get; }

            public string Message { get; }

            private static string? Header(HttpResponseMessage response, string name) =>
                response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

            /// <summary>The code and message of an error: JSON (odata.error) from the table service, XML from its authentication layer.</summary>
            private static (string? Code, string Message) ReadError(string? headerCode, string body)
            {
                if (body.Length == 0)
                {
                    return (headerCode, string.Empty);
                }

                try
                {
                    using (JsonDocument json = JsonDocument.Parse(body))
                    {
                        if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("odata.error", out JsonElement error)
                            && error.ValueKind == JsonValueKind.Object)
                        {
                            string? code = error.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                            string? text = error.TryGetProperty("message", out JsonElement m)
                                ? (m.ValueKind == JsonValueKind.String ? m.GetString() : m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                                : null;
                            return (headerCode ?? code, FirstLine(text));
                        }

                        return (headerCode, string.Empty);
                    }
                }
                catch (JsonException)
                {
                    Match xml = XmlErrorCode.Match(body);
                    return (headerCode ?? (xml.Success ? xml.Groups[1].Value : null), string.Empty);
                }
            }

            // The service appends "RequestId:… Time:…" lines, which say nothing to a user.
            private static string FirstLine(string? text) => (text ?? string.Empty).Split('\n')[0].Trim();
        }
    }
}
