using System.Text;

namespace ZApi.Status.Tests;

public sealed class ColumnTextTests
{
    [Theory]
    [InlineData("IMG-20261127-WA0001.jpg", 23)]
    [InlineData("東京の朝", 8)]
    [InlineData("🌊🌊", 4)]
    [InlineData("Good morning ☀️", 15)]
    [InlineData("cafe\u0301", 4)]
    [InlineData("", 0)]
    public void Width_counts_the_columns_a_terminal_gives_each_character(string text, int columns) =>
        Assert.Equal(columns, ColumnText.Width(text));

    [Fact]
    public void Short_text_is_kept_on_one_line_and_not_cut() =>
        Assert.Equal("Good night ✨ See you", ColumnText.Fit("Good night ✨\r\n  See\tyou ", 22));

    [Theory]
    [InlineData("a🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊", 22)]
    [InlineData("🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊🌊", 21)]
    [InlineData("東京の朝ごはん、とてもおいしかったです。また行きたい", 22)]
    [InlineData("👨‍👩‍👧 family day 👨‍👩‍👧 at the beach 👨‍👩‍👧", 22)]
    [InlineData("Weekend by the sea 🌊 with friends", 22)]
    public void A_cut_never_splits_a_character_and_never_passes_the_width(string text, int columns)
    {
        string fitted = ColumnText.Fit(text, columns);

        Assert.EndsWith("…", fitted);
        Assert.True(ColumnText.Width(fitted) <= columns, $"'{fitted}' is {ColumnText.Width(fitted)} columns");
        Assert.True(ColumnText.Width(fitted) >= columns - 2, $"'{fitted}' wastes room");
        for (int i = 0; i < fitted.Length; i++)
        {
            if (char.IsHighSurrogate(fitted[i]))
            {
                Assert.True(i + 1 < fitted.Length && char.IsLowSurrogate(fitted[i + 1]), "a high surrogate without its pair");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(fitted[i]), "a low surrogate without its pair");
            }
        }

        // What is kept is a prefix of whole characters of the original.
        string kept = fitted.Substring(0, fitted.Length - 1);
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', fitted);
        Assert.Equal(fitted, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(fitted)));
    }

    [Fact]
    public void Null_and_a_zero_width_give_empty_text()
    {
        Assert.Equal(string.Empty, ColumnText.Fit(null, 10));
        Assert.Equal(string.Empty, ColumnText.Fit("abc", 0));
    }
}
