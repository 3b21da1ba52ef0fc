using System.Globalization;

namespace ZApi.Status.Tests;

/// <summary>
/// GraphemeClusters is what Windows PowerShell uses to keep emoji whole (its .NET Framework StringInfo splits them),
/// so it is checked here against the UAX #29 segmentation of .NET 10's StringInfo.
/// </summary>
public sealed class GraphemeClustersTests
{
    [Theory]
    [InlineData("👨‍👩‍👧", "a ZWJ family")]
    [InlineData("👩🏽‍💻", "a technologist with a skin tone")]
    [InlineData("👍🏽", "a skin tone modifier")]
    [InlineData("🇧🇷", "a flag: two regional indicators")]
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿", "a subdivision flag: tags")]
    [InlineData("🏳️‍🌈", "a ZWJ flag with a variation selector")]
    [InlineData("🏖️", "an emoji presentation selector")]
    [InlineData("☀️", "a BMP symbol with an emoji presentation selector")]
    [InlineData("1️⃣", "a keycap")]
    [InlineData("❤️‍🔥", "a ZWJ sequence that starts in the BMP")]
    [InlineData("e\u0301\u0327", "a letter with two combining marks")]
    [InlineData("\u1100\u1161\u11A8", "Hangul jamo L V T")]
    [InlineData("\r\n", "CR LF")]
    public void One_cluster_stays_whole(string text, string what) =>
        Assert.True(GraphemeClusters.NextLength(text, 0) == text.Length, what);

    [Theory]
    [InlineData("🇧🇷🇵🇹🇯", new[] { "🇧🇷", "🇵🇹", "🇯" })]
    [InlineData("a👨‍👩‍👧b", new[] { "a", "👨‍👩‍👧", "b" })]
    [InlineData("ok\u200D👍", new[] { "o", "k\u200D", "👍" })]
    [InlineData("東京", new[] { "東", "京" })]
    [InlineData("\n\u0301", new[] { "\n", "\u0301" })]
    public void Clusters_break_where_Unicode_says(string text, string[] clusters) =>
        Assert.Equal(clusters, Split(text));

    /// <summary>
    /// Every code point in the places where its grapheme break property decides the outcome: after a letter (Extend,
    /// SpacingMark), before one (Prepend, Control), after an emoji and a ZWJ (Extended_Pictographic), and doubled
    /// (regional indicators, Hangul). GB9c (Indic conjuncts, three code points or more), which this does not
    /// implement, is out of these patterns' reach.
    /// </summary>
    [Fact]
    public void Agrees_with_the_segmentation_of_dotnet_for_every_code_point()
    {
        var disagreements = new List<string>();
        for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint >= 0xD800 && codePoint <= 0xDFFF)
            {
                continue;
            }

            string c = char.ConvertFromUtf32(codePoint);
            foreach (string text in new[] { "a" + c, c + "a", "👨\u200D" + c, c + c, c + "\u0301" })
            {
                if (!Split(text).SequenceEqual(DotnetSplit(text)) && disagreements.Count < 20)
                {
                    disagreements.Add($"U+{codePoint:X4} in {string.Join(" ", text.Select(ch => ((int)ch).ToString("X4")))}: " +
                        $"{string.Join("|", Split(text).Select(Hex))} vs .NET {string.Join("|", DotnetSplit(text).Select(Hex))}");
                }
            }
        }

        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
    }

    private static string Hex(string text) => string.Join(" ", text.Select(ch => ((int)ch).ToString("X4")));

    private static IEnumerable<string> Split(string text)
    {
        for (int start = 0; start < text.Length;)
        {
            int length = GraphemeClusters.NextLength(text, start);
            yield return text.Substring(start, length);
            start += length;
        }
    }

    private static IEnumerable<string> DotnetSplit(string text)
    {
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            yield return elements.GetTextElement();
        }
    }
}
