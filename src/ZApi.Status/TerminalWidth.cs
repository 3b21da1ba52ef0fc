using Wcwidth;

namespace ZApi.Status
{
    /// <summary>
    /// How many columns a character (a grapheme cluster) takes: on a terminal, and in PowerShell's own table layout,
    /// which differ for emoji. Terminals take the width of a cluster's first code point (from Wcwidth's Unicode
    /// tables), and two columns for a flag or for anything an emoji presentation selector (U+FE0F) makes an emoji,
    /// as Windows Terminal and other grapheme-aware terminals draw them. PowerShell counts every UTF-16 code unit as
    /// one column, or two for East Asian wide ones, so it sees a ZWJ family as eight columns and ✨ as one.
    /// </summary>
    internal static class TerminalWidth
    {
        private const char EmojiPresentation = '\uFE0F';

        /// <summary>The terminal columns of the cluster <paramref name="text"/>[<paramref name="start"/>, +<paramref name="length"/>).</summary>
        public static int OfCluster(string text, int start, int length)
        {
            int first = char.IsHighSurrogate(text[start]) && length > 1 ? char.ConvertToUtf32(text[start], text[start + 1]) : text[start];
            int width = UnicodeCalculator.GetWidth(first);
            if (width < 0)
            {
                // Control characters move the cursor rather than take a column; the views never print them.
                return 0;
            }

            if (width == 1 && (IsRegionalIndicator(first) && length >= 4 || text.IndexOf(EmojiPresentation, start, length) >= 0))
            {
                return 2;
            }

            return width;
        }

        /// <summary>The columns PowerShell's table layout counts for the same cluster, which is how it pads and cuts cells.</summary>
        public static int PowerShellColumns(string text, int start, int length)
        {
            int columns = 0;
            for (int i = start; i < start + length; i++)
            {
                columns += PowerShellColumns(text[i]);
            }

            return columns;
        }

        // PowerShell's DisplayCells: one column per UTF-16 code unit, two for the East Asian wide ranges of the BMP.
        private static int PowerShellColumns(char c) =>
            c >= 0x1100 && (c <= 0x115F || c == 0x2329 || c == 0x232A || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F)
                || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE10 && c <= 0xFE19)
                || (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6))
                ? 2
                : 1;

        private static bool IsRegionalIndicator(int codePoint) => codePoint >= 0x1F1E6 && codePoint <= 0x1F1FF;
    }
}
