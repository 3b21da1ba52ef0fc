using System;
using System.Linq;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Masks the route token and Client-Token in any text before it can reach a message: Z-API's 403 body repeats the
    /// Client-Token it refused, and transport errors may quote the URL, whose path holds the route token.
    /// </summary>
    internal sealed class SecretRedactor
    {
        public const string Mask = "***";

        private readonly string[] _secrets;

        public SecretRedactor(params string?[] secrets)
        {
            _secrets = secrets
                .Where(secret => !string.IsNullOrEmpty(secret))
                .SelectMany(secret => new[] { secret!, Uri.EscapeDataString(secret!) })
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(secret => secret.Length) // a secret that contains another is masked whole
                .ToArray();
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
