using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;

namespace ZApi.Status
{
    /// <summary>
    /// Where and as whom to post: an instance id, its route token and the account's Client-Token. The secrets are
    /// kept as SecureString and never shown; <see cref="ToString"/> gives the redacted route.
    /// </summary>
    public sealed class ZApiConnection
    {
        internal static readonly Uri DefaultBaseUri = new Uri("https://api.z-api.io/");
        internal const int DefaultTimeoutSec = 100;

        internal ZApiConnection(string instanceId, SecureString token, SecureString clientToken, Uri? baseUri = null,
            int timeoutSec = DefaultTimeoutSec, string source = "Set-ZApiConnection", Uri? proxy = null, NetworkCredential? proxyCredential = null,
            string? historyPath = null, string? historyTableUri = null, SecureString? historyTableSas = null, SecureString? historyTableAccessToken = null)
        {
            bool fromEnvironment = source == EnvironmentSource;
            InstanceId = CredentialText.Check(instanceId ?? throw new ArgumentNullException(nameof(instanceId)), fromEnvironment ? InstanceIdVariable : "-InstanceId");
            // Checked copies, so that trimming and making them read-only do not change the caller's SecureString.
            Token = Checked(token ?? throw new ArgumentNullException(nameof(token)), fromEnvironment ? TokenVariable : "-Token");
            ClientToken = Checked(clientToken ?? throw new ArgumentNullException(nameof(clientToken)), fromEnvironment ? ClientTokenVariable : "-ClientToken");
            // User information in the base URI is never sent (Z-API takes none) and never shown: it is kept only to be masked.
            baseUri ??= DefaultBaseUri;
            BaseUriUserInfo = baseUri.UserInfo.Length > 0 ? baseUri.UserInfo : null;
            if (BaseUriUserInfo != null)
            {
                baseUri = new UriBuilder(baseUri) { UserName = string.Empty, Password = string.Empty }.Uri;
            }

            // A base URI ends in '/' so that relative routes append to its path instead of replacing its last segment.
            BaseUri = EnsureTrailingSlash(baseUri);
            TimeoutSec = timeoutSec;
            Source = source;
            Proxy = proxy;
            ProxyCredential = proxyCredential;
            HistoryPath = historyPath;
            HistoryTableUri = historyTableUri;
            HistoryTableSas = historyTableSas?.Copy();
            HistoryTableAccessToken = historyTableAccessToken?.Copy();
            HistoryTableSas?.MakeReadOnly();
            HistoryTableAccessToken?.MakeReadOnly();
            Token.MakeReadOnly();
            ClientToken.MakeReadOnly();
        }

        internal const string EnvironmentSource = "Environment";
        internal const string InstanceIdVariable = "ZAPI_INSTANCE_ID";
        internal const string TokenVariable = "ZAPI_TOKEN";
        internal const string ClientTokenVariable = "ZAPI_CLIENT_TOKEN";
        internal const string BaseUriVariable = "ZAPI_BASE_URI";
        internal const string HistoryPathVariable = "ZAPI_HISTORY_PATH";
        internal const string HistoryTableUriVariable = "ZAPI_HISTORY_TABLE_URI";
        internal const string HistoryTableSasVariable = "ZAPI_HISTORY_TABLE_SAS";

        /// <summary>
        /// The connection that ZAPI_INSTANCE_ID, ZAPI_TOKEN, ZAPI_CLIENT_TOKEN and the optional ZAPI_BASE_URI describe,
        /// or null when any of the three required ones is missing, empty or blank.
        /// </summary>
        internal static ZApiConnection? FromEnvironment(Func<string, string?> getVariable)
        {
            string? instanceId = getVariable(InstanceIdVariable);
            string? token = getVariable(TokenVariable);
            string? clientToken = getVariable(ClientTokenVariable);
            if (string.IsNullOrWhiteSpace(instanceId) || string.IsNullOrWhiteSpace(token) || string.IsNullOrWhiteSpace(clientToken))
            {
                return null;
            }

            string? baseUriText = getVariable(BaseUriVariable);
            Uri? baseUri = null;
            if (!string.IsNullOrWhiteSpace(baseUriText) && !TryParseBaseUri(baseUriText, out baseUri))
            {
                throw new ZApiException(ZApiErrorId.ZApiNotConfigured,
                    $"The environment variable {BaseUriVariable} is '{UriSecretMask.Apply(baseUriText)}', which is not an absolute http or https URI. Set it to one, such as https://api.z-api.io, or remove it.");
            }

            return new ZApiConnection(instanceId!, ToSecureString(token!), ToSecureString(clientToken!), baseUri, DefaultTimeoutSec, EnvironmentSource);
        }

        /// <summary>
        /// The warning for a base URI that would carry the tokens in clear text to another machine, naming the setting
        /// it came from; null for https and for this machine.
        /// </summary>
        internal string? ClearTextWarning =>
            BaseUri.Scheme == Uri.UriSchemeHttp && !BaseUri.IsLoopback
                ? $"{(Source == EnvironmentSource ? BaseUriVariable : "-BaseUri")} '{BaseUri.GetLeftPart(UriPartial.Authority)}' uses http: the tokens would travel in clear text. "
                    + "Use https unless this is a test server on your own machine."
                : null;

        /// <summary>True for an absolute http or https URI, the only kind Z-API (or a sandbox of it) answers on.</summary>
        internal static bool TryParseBaseUri(string? text, out Uri? uri)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                return true;
            }

            uri = null;
            return false;
        }

        internal static SecureString ToSecureString(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            return secure;
        }

        public string InstanceId { get; }

        // Internal, never properties users can read: Export-Clixml writes a SecureString on Linux and macOS as
        // recoverable hex, and a public property would put both tokens in every serialised connection or error.
        internal SecureString Token { get; }

        internal SecureString ClientToken { get; }

        /// <summary>The "user:password" that ZAPI_BASE_URI carried, removed from <see cref="BaseUri"/>; kept only so that it can be masked.</summary>
        internal string? BaseUriUserInfo { get; }

        public Uri BaseUri { get; }

        public int TimeoutSec { get; }

        /// <summary>The proxy from -Proxy; null means the system's or the environment's (HTTPS_PROXY, NO_PROXY).</summary>
        public Uri? Proxy { get; }

        /// <summary>Internal: a NetworkCredential would show its password to anyone who asks for it.</summary>
        internal NetworkCredential? ProxyCredential { get; }

        /// <summary>The status history that Send-ZApi*Status use with this connection, unless -HistoryPath names another.</summary>
        public string? HistoryPath { get; }

        /// <summary>
        /// The status history table that Send-ZApi*Status use with this connection, unless a command names another
        /// history: its URL without the SAS, which is kept apart and never shown.
        /// </summary>
        public string? HistoryTableUri { get; }

        /// <summary>The SAS for the history table, from its URL or -HistoryTableSas. Internal, like the tokens.</summary>
        internal SecureString? HistoryTableSas { get; }

        /// <summary>The bearer token for the history table from -HistoryTableAccessToken. Internal, like the tokens.</summary>
        internal SecureString? HistoryTableAccessToken { get; }

        internal string? PlainHistoryTableSas => HistoryTableSas == null ? null : Reveal(HistoryTableSas);

        internal string? PlainHistoryTableAccessToken => HistoryTableAccessToken == null ? null : Reveal(HistoryTableAccessToken);

        /// <summary>Where the connection came from: Set-ZApiConnection, Environment or Parameter.</summary>
        public string Source { get; }

        /// <summary>The route with the token masked, as every message shows it.</summary>
        internal string RedactedRoute(string action) =>
            new Uri(BaseUri, "instances/" + Uri.EscapeDataString(InstanceId) + "/token/").AbsoluteUri + "***/" + action;

        internal Uri Route(string action) =>
            new Uri(BaseUri, "instances/" + Uri.EscapeDataString(InstanceId) + "/token/" + Uri.EscapeDataString(PlainToken) + "/" + action);

        internal string PlainToken => Reveal(Token);

        internal string PlainClientToken => Reveal(ClientToken);

        public override string ToString() => RedactedRoute(string.Empty);

        private static Uri EnsureTrailingSlash(Uri uri) =>
            uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");

        private static SecureString Checked(SecureString secret, string what)
        {
            string plain = Reveal(secret);
            string checkedText = CredentialText.Check(plain, what);
            return checkedText.Length == plain.Length ? secret.Copy() : ToSecureString(checkedText);
        }

        // By length, not up to the first NUL (as NetworkCredential does), so a NUL inside a token is seen and refused.
        internal static string Reveal(SecureString secret)
        {
            IntPtr text = Marshal.SecureStringToGlobalAllocUnicode(secret);
            try
            {
                return Marshal.PtrToStringUni(text, secret.Length);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(text);
            }
        }
    }
}
