using System;
using System.Globalization;

namespace ZApi.Status
{
    /// <summary>
    /// The one check of an instance id or token, whether it came from a parameter or the environment: surrounding
    /// whitespace (the newline that Get-Content -Raw and many secret stores add) is trimmed, and what cannot travel
    /// in a URL path or an HTTP header is refused before any request, naming the input but never showing its value.
    /// </summary>
    internal static class CredentialText
    {
        /// <summary>The trimmed value; throws ZApiNotConfigured when it cannot be sent as it is.</summary>
        /// <param name="what">The parameter or variable it came from, as the message names it: "-Token", "ZAPI_TOKEN".</param>
        public static string Check(string? value, string what)
        {
            string trimmed = (value ?? string.Empty).Trim();
            if (trimmed.Length == 0)
            {
                throw Refused(what, "is empty or only whitespace");
            }

            // "." and ".." are path segments that a URL collapses: the request would go to another route.
            if (trimmed == "." || trimmed == "..")
            {
                throw Refused(what, $"is '{trimmed}', which a URL path cannot carry");
            }

            for (int i = 0; i < trimmed.Length; i++)
            {
                char c = trimmed[i];
                if (c < '!' || c > '~')
                {
                    string kind = c > '\u007F' ? "a character that is not ASCII"
                        : c == '\r' || c == '\n' ? "a line break"
                        : c == ' ' ? "a space"
                        : "a control character";
                    throw Refused(what, string.Format(CultureInfo.InvariantCulture, "holds {0} at position {1}", kind, i + 1));
                }
            }

            return trimmed;
        }

        private static ZApiException Refused(string what, string problem) =>
            new ZApiException(ZApiErrorId.ZApiNotConfigured,
                $"{what} {problem}. Z-API ids and tokens are printable ASCII without spaces: copy the value again from the Z-API panel (a secret store's value may carry extra text). Nothing was sent.");
    }
}
