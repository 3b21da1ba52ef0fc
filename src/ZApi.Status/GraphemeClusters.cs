using System;
using System.Globalization;

namespace ZApi.Status
{
    /// <summary>
    /// Splits text into what a reader sees as one character (extended grapheme clusters, Unicode's UAX #29): an emoji
    /// with its skin tone, a ZWJ family, a flag (a pair of regional indicators), a letter with its accents or
    /// variation selector. StringInfo does this on .NET 5 and later, but Windows PowerShell runs on .NET Framework,
    /// whose text elements follow older rules that split families and flags; this is the same everywhere. It
    /// implements every rule of UAX #29 except the Indic conjunct rule (GB9c), so a cut may fall inside a
    /// Devanagari conjunct, never inside an emoji.
    /// </summary>
    internal static class GraphemeClusters
    {
        private enum BreakProperty
        {
            Other,
            CR,
            LF,
            Control,
            Extend,
            ZeroWidthJoiner,
            RegionalIndicator,
            Prepend,
            SpacingMark,
            LeadingJamo,
            VowelJamo,
            TrailingJamo,
            SyllableLV,
            SyllableLVT,
            ExtendedPictographic,
        }

        /// <summary>Extended_Pictographic (Unicode's emoji-data.txt) as first, last pairs.</summary>
        private static readonly int[] ExtendedPictographic =
        {
            0x00A9, 0x00A9, 0x00AE, 0x00AE, 0x203C, 0x203C, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139, 0x2194, 0x2199,
            0x21A9, 0x21AA, 0x231A, 0x231B, 0x2328, 0x2328, 0x2388, 0x2388, 0x23CF, 0x23CF, 0x23E9, 0x23F3, 0x23F8, 0x23FA,
            0x24C2, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25B6, 0x25C0, 0x25C0, 0x25FB, 0x25FE, 0x2600, 0x2605, 0x2607, 0x2612,
            0x2614, 0x2685, 0x2690, 0x2705, 0x2708, 0x2712, 0x2714, 0x2714, 0x2716, 0x2716, 0x271D, 0x271D, 0x2721, 0x2721,
            0x2728, 0x2728, 0x2733, 0x2734, 0x2744, 0x2744, 0x2747, 0x2747, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755,
            0x2757, 0x2757, 0x2763, 0x2767, 0x2795, 0x2797, 0x27A1, 0x27A1, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2934, 0x2935,
            0x2B05, 0x2B07, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x3030, 0x3030, 0x303D, 0x303D, 0x3297, 0x3297,
            0x3299, 0x3299, 0x1F000, 0x1F0FF, 0x1F10D, 0x1F10F, 0x1F12F, 0x1F12F, 0x1F16C, 0x1F171, 0x1F17E, 0x1F17F,
            0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F1AD, 0x1F1E5, 0x1F201, 0x1F20F, 0x1F21A, 0x1F21A, 0x1F22F, 0x1F22F,
            0x1F232, 0x1F23A, 0x1F23C, 0x1F23F, 0x1F249, 0x1F3FA, 0x1F400, 0x1F53D, 0x1F546, 0x1F64F, 0x1F680, 0x1F6FF,
            0x1F774, 0x1F77F, 0x1F7D5, 0x1F7FF, 0x1F80C, 0x1F80F, 0x1F848, 0x1F84F, 0x1F85A, 0x1F85F, 0x1F888, 0x1F88F,
            0x1F8AE, 0x1F8FF, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1FAFF, 0x1FC00, 0x1FFFD,
        };

        /// <summary>Prepend (GraphemeBreakProperty.txt): signs written before the letter they belong to.</summary>
        private static readonly int[] Prepend =
        {
            0x0600, 0x0605, 0x06DD, 0x06DD, 0x070F, 0x070F, 0x0890, 0x0891, 0x08E2, 0x08E2, 0x0D4E, 0x0D4E, 0x110BD, 0x110BD,
            0x110CD, 0x110CD, 0x111C2, 0x111C3, 0x113D1, 0x113D1, 0x1193F, 0x1193F, 0x11941, 0x11941, 0x11A3A, 0x11A3A,
            0x11A84, 0x11A89, 0x11D46, 0x11D46, 0x11F02, 0x11F02,
        };

        /// <summary>Spacing combining marks that UAX #29 does not join to the letter before them (Myanmar, Tai Tham, Tai Viet, Ahom).</summary>
        private static readonly int[] SpacingMarksThatBreak =
        {
            0x102B, 0x102C, 0x1038, 0x1038, 0x1062, 0x1064, 0x1067, 0x106D, 0x1083, 0x1083, 0x1087, 0x108C, 0x108F, 0x108F,
            0x109A, 0x109C, 0x1A61, 0x1A61, 0x1A63, 0x1A64, 0xAA7B, 0xAA7B, 0xAA7D, 0xAA7D, 0x11720, 0x11721,
        };

        /// <summary>Code points reserved as default-ignorable, which UAX #29 treats as controls even while unassigned.</summary>
        private static readonly int[] UnassignedIgnorables =
        {
            0x2065, 0x2065, 0xFFF0, 0xFFF8, 0xE0000, 0xE001F, 0xE0080, 0xE00FF, 0xE01F0, 0xE0FFF,
        };

        /// <summary>The length in UTF-16 code units of the cluster that starts at <paramref name="start"/>.</summary>
        public static int NextLength(string text, int start)
        {
            if (start >= text.Length)
            {
                return 0;
            }

            int index = start;
            BreakProperty previous = PropertyAt(text, index, out int width);
            index += width;

            // GB11 and GB12/13 look back past the last code point: an emoji and its run of Extend before a ZWJ, and
            // how many regional indicators came in a row.
            bool emojiRun = previous == BreakProperty.ExtendedPictographic;
            bool zwjAfterEmoji = false;
            int regionalIndicators = previous == BreakProperty.RegionalIndicator ? 1 : 0;
            while (index < text.Length)
            {
                BreakProperty next = PropertyAt(text, index, out width);
                if (!StaysTogether(previous, next, zwjAfterEmoji, regionalIndicators))
                {
                    break;
                }

                zwjAfterEmoji = emojiRun && next == BreakProperty.ZeroWidthJoiner;
                emojiRun = next == BreakProperty.ExtendedPictographic || (emojiRun && next == BreakProperty.Extend);
                regionalIndicators = next == BreakProperty.RegionalIndicator ? regionalIndicators + 1 : 0;
                previous = next;
                index += width;
            }

            return index - start;
        }

        private static bool StaysTogether(BreakProperty previous, BreakProperty next, bool zwjAfterEmoji, int regionalIndicators)
        {
            if (previous == BreakProperty.CR && next == BreakProperty.LF)
            {
                return true;
            }

            if (IsControl(previous) || IsControl(next))
            {
                return false;
            }

            switch (previous)
            {
                case BreakProperty.LeadingJamo when next == BreakProperty.LeadingJamo || next == BreakProperty.VowelJamo || next == BreakProperty.SyllableLV || next == BreakProperty.SyllableLVT:
                case BreakProperty.SyllableLV when next == BreakProperty.VowelJamo || next == BreakProperty.TrailingJamo:
                case BreakProperty.VowelJamo when next == BreakProperty.VowelJamo || next == BreakProperty.TrailingJamo:
                case BreakProperty.SyllableLVT when next == BreakProperty.TrailingJamo:
                case BreakProperty.TrailingJamo when next == BreakProperty.TrailingJamo:
                    return true;
            }

            if (next == BreakProperty.Extend || next == BreakProperty.ZeroWidthJoiner || next == BreakProperty.SpacingMark || previous == BreakProperty.Prepend)
            {
                return true;
            }

            if (previous == BreakProperty.ZeroWidthJoiner && next == BreakProperty.ExtendedPictographic)
            {
                return zwjAfterEmoji;
            }

            // A flag is two regional indicators: the second joins the first, a third starts the next flag.
            return previous == BreakProperty.RegionalIndicator && next == BreakProperty.RegionalIndicator && regionalIndicators % 2 == 1;
        }

        private static bool IsControl(BreakProperty property) =>
            property == BreakProperty.Control || property == BreakProperty.CR || property == BreakProperty.LF;

        private static BreakProperty PropertyAt(string text, int index, out int width)
        {
            char c = text[index];
            int codePoint = c;
            width = 1;
            if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[index + 1]);
                width = 2;
            }

            switch (codePoint)
            {
                case 0x000D: return BreakProperty.CR;
                case 0x000A: return BreakProperty.LF;
                case 0x200C: return BreakProperty.Extend;
                case 0x200D: return BreakProperty.ZeroWidthJoiner;
            }

            // Emoji skin tones, the tags of subdivision flags and the halfwidth katakana voice marks extend the
            // character before them without being combining marks.
            if ((codePoint >= 0x1F3FB && codePoint <= 0x1F3FF) || (codePoint >= 0xE0020 && codePoint <= 0xE007F)
                || codePoint == 0xFF9E || codePoint == 0xFF9F)
            {
                return BreakProperty.Extend;
            }

            if (codePoint >= 0x1F1E6 && codePoint <= 0x1F1FF)
            {
                return BreakProperty.RegionalIndicator;
            }

            if (InRanges(ExtendedPictographic, codePoint))
            {
                return BreakProperty.ExtendedPictographic;
            }

            if (InRanges(Prepend, codePoint))
            {
                return BreakProperty.Prepend;
            }

            if (codePoint == 0x0E33 || codePoint == 0x0EB3)
            {
                // Thai and Lao SARA AM are letters that join the consonant before them.
                return BreakProperty.SpacingMark;
            }

            if (InRanges(SpacingMarksThatBreak, codePoint))
            {
                return BreakProperty.Other;
            }

            BreakProperty jamo = Jamo(codePoint);
            if (jamo != BreakProperty.Other)
            {
                return jamo;
            }

            if (InRanges(UnassignedIgnorables, codePoint))
            {
                return BreakProperty.Control;
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(text, index))
            {
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.EnclosingMark:
                    return BreakProperty.Extend;
                case UnicodeCategory.SpacingCombiningMark:
                    return BreakProperty.SpacingMark;
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:
                    return BreakProperty.Control;
                default:
                    return BreakProperty.Other;
            }
        }

        private static BreakProperty Jamo(int codePoint)
        {
            if ((codePoint >= 0x1100 && codePoint <= 0x115F) || (codePoint >= 0xA960 && codePoint <= 0xA97C))
            {
                return BreakProperty.LeadingJamo;
            }

            // Kirat Rai's vowel signs follow the Hangul vowels' rule.
            if ((codePoint >= 0x1160 && codePoint <= 0x11A7) || (codePoint >= 0xD7B0 && codePoint <= 0xD7C6)
                || codePoint == 0x16D63 || (codePoint >= 0x16D67 && codePoint <= 0x16D6A))
            {
                return BreakProperty.VowelJamo;
            }

            if ((codePoint >= 0x11A8 && codePoint <= 0x11FF) || (codePoint >= 0xD7CB && codePoint <= 0xD7FB))
            {
                return BreakProperty.TrailingJamo;
            }

            if (codePoint >= 0xAC00 && codePoint <= 0xD7A3)
            {
                return (codePoint - 0xAC00) % 28 == 0 ? BreakProperty.SyllableLV : BreakProperty.SyllableLVT;
            }

            return BreakProperty.Other;
        }

        private static bool InRanges(int[] ranges, int codePoint)
        {
            if (codePoint < ranges[0] || codePoint > ranges[ranges.Length - 1])
            {
                return false;
            }

            // Binary search over the first code points of the pairs.
            int low = 0, high = ranges.Length / 2 - 1;
            while (low <= high)
            {
                int middle = (low + high) / 2;
                if (codePoint < ranges[2 * middle])
                {
                    high = middle - 1;
                }
                else if (codePoint > ranges[2 * middle + 1])
                {
                    low = middle + 1;
                }
                else
                {
                    return true;
                }
            }

            return false;
        }
    }
}
