using System.Text.RegularExpressions;

namespace ZApi.Status
{
    /// <summary>
    /// Masks the secrets a URI written as text may carry: its user name and password (scheme://user:password@host)
    /// and the values of the query parameters that sign or authorise it (an Azure SAS's sig, a presigned S3, GCS or
    /// CloudFront link's signature and security token, an API key). Such a URI may be posted or used as given, but is
    /// shown only masked, in messages, Source, -WhatIf and Verbose alike.
    /// </summary>
    internal static class UriSecretMask
    {
        public const string Mask = "***";

        // Everything between "//" and the last '@' before the path: a password may itself contain '@' or ':'.
        private static readonly Regex UserInfo = new Regex(@"(?<=//)[^/?#\s]*@", RegexOptions.CultureInvariant);

        // A value up to the next parameter, fragment, blank or quote; the names are matched whole, in any case.
        private static readonly Regex SigningParameter = new Regex(
            @"(?<=[?&](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|token|access_token|api_key|apikey|key|code)=)[^&#\s'""<>]+",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The text with every URI's user information and signing values replaced by ***; unchanged when it has none.</summary>
        public static string Apply(string? text) =>
            string.IsNullOrEmpty(text) ? text ?? string.Empty : SigningParameter.Replace(UserInfo.Replace(text, Mask + "@"), Mask);
    }
}
