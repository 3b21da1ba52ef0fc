using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Masks every credential the module is given in any text before it can reach a message: the route token and
    /// Client-Token (Z-API's 403 body repeats the Client-Token it refused, and transport errors may quote the URL,
    /// whose path holds the route token), and the passwords of proxies and of a base URI, also as the Base64 of an
    /// HTTP Basic header, which a proxy's error page may echo. Each secret is also masked URL-encoded and in Base64
    /// (padded, unpadded and URL-safe), the forms a server's error text may quote it in.
    /// </summary>
    internal sealed class SecretRedactor
    {
        public const string Mask = "***";

        private readonly string[] _secrets;

        /// <summary>The environment variables from which .NET takes the system's proxy, user information included.</summary>
        internal static readonly string[] ProxyVariables = { "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy" };

        public SecretRedactor(params string?[] secrets)
            : this((IEnumerable<string?>)secrets)
        {
        }

        public SecretRedactor(IEnumerable<string?> secrets)
        {
            _secrets = secrets
                .Where(secret => !string.IsNullOrEmpty(secret))
                .SelectMany(secret => EncodingsOf(secret!))
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(secret => secret.Length) // a secret that contains another is masked whole
                .ToArray();
        }

        /// <summary>Shorter secrets are not masked in Base64: theirs is a few letters that ordinary text holds too.</summary>
        private const int ShortestSecretInBase64 = 6;

        /// <summary>A secret as written, URL-encoded, and in Base64.</summary>
        private static IEnumerable<string> EncodingsOf(string secret)
        {
            yield return secret;
            yield return Uri.EscapeDataString(secret);
            if (secret.Length < ShortestSecretInBase64)
            {
                yield break;
            }

            string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
            string unpadded = base64.TrimEnd('=');
            yield return base64;
            yield return unpadded;
            yield return unpadded.Replace('+', '-').Replace('/', '_');
        }

        /// <summary>A redactor for every secret of <paramref name="connection"/> and of the proxies the environment names.</summary>
        public static SecretRedactor For(ZApiConnection connection, Func<string, string?> getVariable)
        {
            var secrets = new List<string?> { connection.PlainToken, connection.PlainClientToken };
            if (connection.ProxyCredential is NetworkCredential proxy)
            {
                secrets.AddRange(FormsOf(proxy.UserName, proxy.Password));
            }

            secrets.AddRange(FormsOfUserInfo(connection.BaseUriUserInfo));
            if (connection.PlainHistoryTableSas is string sas)
            {
                secrets.AddRange(FormsOfSas(sas));
            }

            secrets.Add(connection.PlainHistoryTableAccessToken);
            foreach (string name in ProxyVariables)
            {
                string? value = getVariable(name);
                if (!string.IsNullOrWhiteSpace(value)
                    && Uri.TryCreate(value!.Contains("://") ? value : "http://" + value, UriKind.Absolute, out Uri? uri))
                {
                    secrets.AddRange(FormsOfUserInfo(uri.UserInfo));
                }
            }

            return new SecretRedactor(secrets);
        }

        /// <summary>
        /// The forms a shared access signature can take in text: as given, with and without '?', in Base64, and its
        /// signature (the part that grants access) URL-encoded as given, decoded, and encoded again in either case.
        /// </summary>
        public static IEnumerable<string> FormsOfSas(string sas)
        {
            string query = sas.Trim().TrimStart('?');
            yield return query;
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(query));
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes("?" + query));
            foreach (string part in query.Split('&'))
            {
                if (part.StartsWith("sig=", StringComparison.Ordinal) && part.Length > 4)
                {
                    string given = part.Substring(4);
                    string signature = Uri.UnescapeDataString(given);
                    yield return given;
                    yield return signature;
                    yield return Uri.EscapeDataString(signature);
                    yield return Uri.EscapeDataString(signature).ToLowerInvariant();
                    yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(signature));
                }
            }
        }

        /// <summary>The forms a "user:password" from a URI can take in text: as written, decoded, and the password alone.</summary>
        private static IEnumerable<string?> FormsOfUserInfo(string? userInfo)
        {
            if (string.IsNullOrEmpty(userInfo))
            {
                return Array.Empty<string>();
            }

            int colon = userInfo!.IndexOf(':');
            if (colon < 0)
            {
                return Array.Empty<string>();
            }

            string user = Uri.UnescapeDataString(userInfo.Substring(0, colon));
            string password = Uri.UnescapeDataString(userInfo.Substring(colon + 1));
            return FormsOf(user, password).Concat(new[] { userInfo.Substring(colon + 1) });
        }

        /// <summary>A password, and the Base64 of "user:password" that an HTTP Basic header carries.</summary>
        private static IEnumerable<string?> FormsOf(string? user, string? password)
        {
            if (string.IsNullOrEmpty(password))
            {
                return Array.Empty<string>();
            }

            string basic = (user ?? string.Empty) + ":" + password;
            return new[] { password, Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)), Convert.ToBase64String(Encoding.GetEncoding("ISO-8859-1").GetBytes(basic)) };
        }

        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            foreach (string secret in _secrets)
            {
                // Ordinal: tokens are case-sensitive, and a looser match would mask ordinary words that differ in case.
                text = text!.Replace(secret, Mask);
            }

            return text!;
        }

        /// <summary>
        /// A copy of an exception chain whose messages are redacted. The originals are not kept: an inner exception
        /// is shown by $Error[0].Exception.ToString(), and its message may hold a secret.
        /// </summary>
        public Exception? RedactChain(Exception? exception)
        {
            if (exception == null)
            {
                return null;
            }

            return new RedactedException(exception.GetType().FullName ?? "Exception", Redact(exception.Message), RedactChain(exception.InnerException));
        }
    }
}
