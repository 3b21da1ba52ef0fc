using ZApi.Status.Media;

namespace ZApi.Status.Tests;

/// <summary>What -WhatIf and -Confirm show for a text status.</summary>
public sealed class TextStatusPostTests
{
    [Fact]
    public void A_long_message_is_shown_on_one_line_and_never_cut_inside_an_emoji()
    {
        string message = new string('a', 58) + "\U0001F389\U0001F389 and\r\nmore";
        string shown = TextStatusPost.From(message).Describe();

        Assert.DoesNotContain('\n', shown);
        Assert.True(IsWellFormed(shown), "a surrogate pair was split: " + shown);
        Assert.StartsWith(new string('a', 58) + "\u2026", shown);
        Assert.EndsWith("(" + message.Length + " characters)", shown);
    }

    private static bool IsWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void A_short_message_is_shown_whole() =>
        Assert.Equal("hello whatif (12 characters)", TextStatusPost.From("hello whatif").Describe());
}
