using System.Globalization;
using System.Text;

namespace ZApi.Status.Tests;

public sealed class ColumnTextTests
{
    [Theory]
    [InlineData("IMG-20261127-WA0001.jpg", 23)]
    [InlineData("東京の朝", 8)]
    [InlineData("🌊🌊", 4)]
    [InlineData("Good morning ☀️", 15)]
    [InlineData("Good night ✨", 13)]
    [InlineData("🏖️", 2)]
    [InlineData("👨‍👩‍👧", 2)]
    [InlineData("👩🏽‍💻", 2)]
    [InlineData("👍🏽", 2)]
    [InlineData("🇧🇷🇵🇹", 4)]
    [InlineData("1️⃣", 2)]
    [InlineData("cafe\u0301", 4)]
    [InlineData("", 0)]
    public void Width_counts_the_columns_a_terminal_gives_each_character(string text, int columns) =>
        Assert.Equal(columns, ColumnText.Width(text));

    [Fact]
    public void Short_text_is_kept_on_one_line_and_not_cut() =>
        Assert.Equal("Good night ✨ See you", ColumnText.Fit("Good night ✨\r\n  See\tyou ", 22));

    public static TheoryData<string, int> LongTexts => new()
    {
        { "a🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊", 22 },
        { "🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊", 21 },
        { "Weekend by the sea 🌊 with friends", 22 },
        { "👨‍👩‍👧 family day 👨‍👩‍👧 at the beach 👨‍👩‍👧", 22 },
        { "Família 👨‍👩‍👧 na praia 🏖️ com todos que amamos", 21 },
        { "Viva 🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹 festa", 20 },
        { "🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹🇧🇷🇵🇹", 19 },
        { "✨✨✨✨✨✨✨✨✨✨✨✨✨✨✨✨", 20 },
        { "👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽", 21 },
        { "🏖️🏖️🏖️🏖️🏖️🏖️🏖️🏖️🏖️🏖️🏖️🏖️", 20 },
        { "1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣", 20 },
        { "Ação de graças: pão, café e comunhão", 20 },
    };

    /// <summary>
    /// The cut falls between grapheme clusters as .NET 10's StringInfo finds them, the terminal draws the result
    /// within the column, and PowerShell, which counts one column per UTF-16 code unit in these texts, does not cut
    /// it again.
    /// </summary>
    [Theory]
    [MemberData(nameof(LongTexts))]
    public void A_cut_keeps_whole_characters_and_fits_the_terminal_and_PowerShell(string text, int columns)
    {
        string fitted = ColumnText.Fit(text, columns);

        Assert.EndsWith("…", fitted);
        string kept = fitted.Substring(0, fitted.Length - 1);
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.Contains(kept.Length, ClusterBoundaries(text));
        Assert.True(ColumnText.Width(fitted) <= columns, $"'{fitted}' is {ColumnText.Width(fitted)} terminal columns");
        Assert.True(fitted.Length <= columns, $"'{fitted}' is {fitted.Length} columns to PowerShell");
        int spaces = text.Length - kept.Length - text.Substring(kept.Length).TrimStart().Length;
        string next = StringInfo.GetNextTextElement(text, kept.Length + spaces);
        Assert.True(Room(kept) + spaces + Room(next) + 1 > columns, $"'{fitted}' leaves room for the next character");
        Assert.Equal(fitted, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(fitted)));
    }

    [Fact]
    public void East_Asian_text_counts_two_columns_a_character_for_both()
    {
        string fitted = ColumnText.Fit("東京の朝ごはん、とてもおいしかったです。また行きたい", 22);

        Assert.Equal("東京の朝ごはん、とて…", fitted);
        Assert.Equal(21, ColumnText.Width(fitted));
    }

    [Theory]
    [InlineData("PXL_20261127_080000123.jpg", 23, "PXL_2026112", "00123.jpg")]
    [InlineData("https://example.org/banners/2026/black-friday-sale.png", 23, "https://ex", "-sale.png")]
    [InlineData("Praia 🏖️🇧🇷 2026 🌊🌊🌊🌊 no fim de semana.jpg", 23, "Praia", "semana.jpg")]
    public void A_middle_cut_keeps_the_start_and_the_end(string name, int columns, string start, string end)
    {
        string fitted = ColumnText.FitMiddle(name, columns);

        Assert.StartsWith(start, fitted, StringComparison.Ordinal);
        Assert.EndsWith(end, fitted, StringComparison.Ordinal);
        int ellipsis = fitted.IndexOf('…');
        Assert.True(ellipsis > 0);
        Assert.Contains(ellipsis, ClusterBoundaries(name));
        Assert.Contains(name.Length - (fitted.Length - ellipsis - 1), ClusterBoundaries(name));
        Assert.True(ColumnText.Width(fitted) <= columns);
        Assert.True(fitted.Length <= columns);
    }

    [Fact]
    public void A_name_that_fits_is_kept_whole() =>
        Assert.Equal("IMG-20261127-WA0001.jpg", ColumnText.FitMiddle("IMG-20261127-WA0001.jpg", 23));

    [Fact]
    public void Null_and_a_zero_width_give_empty_text()
    {
        Assert.Equal(string.Empty, ColumnText.Fit(null, 10));
        Assert.Equal(string.Empty, ColumnText.Fit("abc", 0));
        Assert.Equal(string.Empty, ColumnText.FitMiddle(null, 10));
    }

    /// <summary>Columns by the larger of the two measures: the terminal's, and PowerShell's one per UTF-16 code unit (no East Asian text here).</summary>
    private static int Room(string text)
    {
        int room = 0;
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            string element = elements.GetTextElement();
            room += Math.Max(ColumnText.Width(element), element.Length);
        }

        return room;
    }

    private static HashSet<int> ClusterBoundaries(string text)
    {
        var boundaries = new HashSet<int> { 0 };
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            boundaries.Add(elements.ElementIndex + elements.GetTextElement().Length);
        }

        return boundaries;
    }
}
