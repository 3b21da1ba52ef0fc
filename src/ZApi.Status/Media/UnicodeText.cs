using System.Globalization;

namespace ZApi.Status.Media
{
    /// <summary>
    /// Refuses a caption or message that is not valid UTF-16: a lone surrogate would reach Z-API as U+FFFD, and what
    /// is posted must be what was given.
    /// </summary>
    internal static class UnicodeText
    {
        /// <param name="what">"caption", "message": what the error names.</param>
        public static void Check(string? text, string what)
        {
            if (text == null)
            {
                return;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    throw new ZApiException(ZApiErrorId.InvalidUnicodeText,
                        string.Format(CultureInfo.InvariantCulture,
                            "The {0} holds half of a character (the lone surrogate U+{1:X4} at position {2}), which would be posted as '\uFFFD'. Fix the text where it was cut or built, then send it again.",
                            what, (int)c, i + 1));
                }
            }
        }
    }
}
