using System.Text.RegularExpressions;

namespace ZApi.Status
{
    /// <summary>
    /// Masks the user name and password of a URI written as text (scheme://user:password@host): such a URI may be
    /// posted or used as given, but shown only masked, in messages, Source, -WhatIf and Verbose alike.
    /// </summary>
    internal static class UserInfoMask
    {
        public const string Mask = "***";

        // Everything between "//" and the last '@' before the path: a password may itself contain '@' or ':'.
        private static readonly Regex UserInfo = new Regex(@"(?<=//)[^/?#\s]*@", RegexOptions.CultureInvariant);

        /// <summary>The text with every URI's user information replaced by ***; unchanged when it has none.</summary>
        public static string Apply(string? text) =>
            string.IsNullOrEmpty(text) ? text ?? string.Empty : UserInfo.Replace(text, Mask + "@");
    }
}
