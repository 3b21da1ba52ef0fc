using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.Tables
{
    /// <summary>
    /// The managed identity of the machine the runbook runs on, asked for storage tokens: Azure Automation's local
    /// endpoint (IDENTITY_ENDPOINT with the IDENTITY_HEADER secret), else the Azure VM metadata endpoint (IMDS) of a
    /// Hybrid Worker on an Azure VM. Tokens are kept for the process until shortly before they expire, so a runbook
    /// that posts from several commands asks once.
    /// </summary>
    internal sealed class ManagedIdentityCredential : TableCredential
    {
        public const string Resource = "https://storage.azure.com/";
        internal const string EndpointVariable = "IDENTITY_ENDPOINT";
        internal const string HeaderVariable = "IDENTITY_HEADER";

        /// <summary>Azure's own variable that moves the metadata endpoint elsewhere (AKS pod identity); its SDK honours it too.</summary>
        internal const string MetadataHostVariable = "AZURE_POD_IDENTITY_AUTHORITY_HOST";

        internal static readonly Uri MetadataHost = new Uri("http://169.254.169.254/");

        /// <summary>A token this close to its expiry is renewed before a request, so it cannot expire on the way.</summary>
        internal static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

        private static readonly ConcurrentDictionary<string, AccessToken> Tokens = new ConcurrentDictionary<string, AccessToken>(StringComparer.Ordinal);
        private static readonly TimeSpan RequestTime = TimeSpan.FromSeconds(15);
        private const int Attempts = 3;

        private readonly Uri _tokenUri;
        private readonly string? _identityHeader;
        private readonly HttpClient _http;
        private readonly Func<DateTimeOffset> _now;
        private readonly string _cacheKey;

        internal ManagedIdentityCredential(Uri tokenUri, string? identityHeader, string description, HttpClient http, Func<DateTimeOffset>? now = null)
        {
            _tokenUri = tokenUri;
            _identityHeader = identityHeader;
            Description = description;
            _http = http;
            _now = now ?? (() => DateTimeOffset.UtcNow);
            using (var sha = SHA256.Create())
            {
                // The header is a secret: the key holds only its hash.
                _cacheKey = tokenUri.AbsoluteUri + "\n" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(identityHeader ?? string.Empty)));
            }
        }

        public override string Description { get; }

        /// <summary>
        /// Azure Automation's identity when IDENTITY_ENDPOINT and IDENTITY_HEADER are set, else the VM's metadata
        /// endpoint (or the host that AZURE_POD_IDENTITY_AUTHORITY_HOST names).
        /// </summary>
        public static ManagedIdentityCredential FromEnvironment(Func<string, string?> getVariable)
        {
            string? endpoint = getVariable(EndpointVariable);
            string? header = getVariable(HeaderVariable);
            if (!string.IsNullOrWhiteSpace(endpoint) && !string.IsNullOrWhiteSpace(header)
                && Uri.TryCreate(endpoint!.Trim(), UriKind.Absolute, out Uri? automation))
            {
                return new ManagedIdentityCredential(WithQuery(automation, "resource=" + Uri.EscapeDataString(Resource) + "&api-version=2019-08-01"), header!.Trim(),
                    "the managed identity of this Azure Automation account (IDENTITY_ENDPOINT)", HttpClientCache.Direct(TimeSpan.FromSeconds(5)));
            }

            string? hostText = getVariable(MetadataHostVariable);
            Uri host = !string.IsNullOrWhiteSpace(hostText) && Uri.TryCreate(hostText!.Trim().TrimEnd('/') + "/", UriKind.Absolute, out Uri? given) ? given : MetadataHost;
            // A machine that is not an Azure VM has nothing at the metadata address: fail within seconds, not minutes.
            return new ManagedIdentityCredential(
                new Uri(host, "metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + Uri.EscapeDataString(Resource)), null,
                $"the managed identity of this Azure VM (the metadata endpoint {host.GetLeftPart(UriPartial.Authority)})", HttpClientCache.Direct(TimeSpan.FromSeconds(3)));
        }

        public override IEnumerable<string> Secrets
        {
            get
            {
                if (_identityHeader != null)
                {
                    yield return _identityHeader;
                }

                if (Tokens.TryGetValue(_cacheKey, out AccessToken? token))
                {
                    yield return token.Token;
                }
            }
        }

        public override async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            AccessToken token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            BearerCredential.Authorize(request, token.Token);
        }

        /// <summary>Forgets every token kept: for tests that start from an empty cache.</summary>
        internal static void ClearCache() => Tokens.Clear();

        internal async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            if (Tokens.TryGetValue(_cacheKey, out AccessToken? kept) && kept.ExpiresOn - _now() > RenewBefore)
            {
                return kept;
            }

            AccessToken fresh = await FetchAsync(cancellationToken).ConfigureAwait(false);
            Tokens[_cacheKey] = fresh;
            return fresh;
        }

        private async Task<AccessToken> FetchAsync(CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                string? failure;
                using (var request = new HttpRequestMessage(HttpMethod.Get, _tokenUri))
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    if (_identityHeader != null)
                    {
                        request.Headers.TryAddWithoutValidation("X-IDENTITY-HEADER", _identityHeader);
                    }
                    else
                    {
                        request.Headers.TryAddWithoutValidation("Metadata", "true");
                    }

                    deadline.CancelAfter(RequestTime);
                    int status;
                    string body;
                    try
                    {
                        using (HttpResponseMessage response = await _http.SendAsync(request, deadline.Token).ConfigureAwait(false))
                        {
                            status = (int)response.StatusCode;
                            body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is HttpRequestException || ex is OperationCanceledException))
                    {
                        throw Unavailable("it could not be reached (" + ExceptionChain.Innermost(ex).Message + ")", ex);
                    }

                    if (status == 200)
                    {
                        return Parse(body) ?? throw Unavailable("its answer held no access token and expiry", null);
                    }

                    failure = string.Format(CultureInfo.InvariantCulture, "it answered HTTP {0}: {1}", status, ResponseClassifier.Shorten(new SecretRedactor(Secrets).Redact(body.Replace('\r', ' ').Replace('\n', ' '))));
                    bool transient = status == 429 || status >= 500;
                    if (!transient || attempt >= Attempts)
                    {
                        throw Unavailable(failure, null);
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The token and its expiry from the endpoint's JSON: expires_on in seconds since 1970 (a number or a string),
        /// or a date; else expires_in seconds from now.
        /// </summary>
        internal AccessToken? Parse(string body)
        {
            try
            {
                using (JsonDocument json = JsonDocument.Parse(body))
                {
                    JsonElement root = json.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out JsonElement token)
                        || token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString()))
                    {
                        return null;
                    }

                    DateTimeOffset? expiresOn = root.TryGetProperty("expires_on", out JsonElement on) ? ReadExpiry(on) : null;
                    if (expiresOn == null && root.TryGetProperty("expires_in", out JsonElement inSeconds) && ReadSeconds(inSeconds) is long seconds)
                    {
                        expiresOn = _now().AddSeconds(seconds);
                    }

                    return expiresOn == null ? null : new AccessToken(token.GetString()!, expiresOn.Value);
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static DateTimeOffset? ReadExpiry(JsonElement value)
        {
            if (ReadSeconds(value) is long seconds)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            return value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date)
                ? date
                : (DateTimeOffset?)null;
        }

        private static long? ReadSeconds(JsonElement value) =>
            value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number
            : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out long text) ? text
            : (long?)null;

        private ZApiException Unavailable(string what, Exception? inner)
        {
            var redactor = new SecretRedactor(Secrets);
            return new ZApiException(ZApiErrorId.HistoryUnavailable,
                redactor.Redact($"No token for the table came from {Description}: {what}. Give the account or VM a managed identity with the role "
                    + "'Storage Table Data Contributor' on the storage account, or pass a SAS (-HistoryTableSas, ZAPI_HISTORY_TABLE_SAS) or -HistoryTableAccessToken."),
                redactor.RedactChain(inner));
        }

        private static Uri WithQuery(Uri uri, string query) =>
            new Uri(uri.AbsoluteUri + (uri.Query.Length > 1 ? "&" : "?") + query);
    }
}
