using System.Globalization;
using System.Text;

namespace ZApi.Status
{
    /// <summary>
    /// Fits free text (a caption, a message) into a table column of the module's views. PowerShell's own cutting
    /// counts UTF-16 code units, so it can split an emoji's surrogate pair into a '?' box; this cuts only between
    /// whole characters (text elements) and counts the columns a terminal gives each: two for East Asian wide
    /// characters and emoji, none for joiners and variation selectors. Public because the format file calls it.
    /// </summary>
    public static class ColumnText
    {
        private const string Ellipsis = "\u2026";

        /// <summary>The text on one line (runs of white space become one space), cut with an ellipsis to at most <paramref name="columns"/> terminal columns.</summary>
        public static string Fit(string? text, int columns)
        {
            string line = OneLine(text);
            if (columns <= 0)
            {
                return string.Empty;
            }

            if (Width(line) <= columns)
            {
                return line;
            }

            var kept = new StringBuilder();
            int used = 0;
            TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(line);
            while (elements.MoveNext())
            {
                string element = elements.GetTextElement();
                int width = ElementWidth(element);
                if (used + width > columns - 1)
                {
                    break;
                }

                kept.Append(element);
                used += width;
            }

            return kept.ToString().TrimEnd() + Ellipsis;
        }

        /// <summary>The terminal columns <paramref name="text"/> takes.</summary>
        public static int Width(string? text)
        {
            int width = 0;
            TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(text ?? string.Empty);
            while (elements.MoveNext())
            {
                width += ElementWidth(elements.GetTextElement());
            }

            return width;
        }

        private static string OneLine(string? text)
        {
            var line = new StringBuilder((text ?? string.Empty).Length);
            bool space = false;
            foreach (char c in (text ?? string.Empty).Trim())
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    space = true;
                    continue;
                }

                if (space)
                {
                    line.Append(' ');
                    space = false;
                }

                line.Append(c);
            }

            return line.ToString();
        }

        private static int ElementWidth(string element)
        {
            int codePoint = char.ConvertToUtf32(element, 0);
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(element, 0);
            if (category == UnicodeCategory.Format || category == UnicodeCategory.NonSpacingMark || category == UnicodeCategory.EnclosingMark
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F))
            {
                return 0;
            }

            // An emoji presentation selector makes a narrow symbol (U+2600 sun) a two-column emoji.
            return element.IndexOf('\uFE0F') >= 0 || IsWide(codePoint) ? 2 : 1;
        }

        // East Asian Wide and Fullwidth blocks, and the emoji planes.
        private static bool IsWide(int c) =>
            (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
            || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
            || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
            || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6)
            || (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1FAFF) || (c >= 0x1F680 && c <= 0x1F6FF)
            || (c >= 0x20000 && c <= 0x3FFFD);
    }
}
