using Xunit;

namespace ZApi.Status.Tests;

public class UriSecretMaskTests
{
    [Theory]
    [InlineData("https://someone:pa55@example.org/a.png", "https://***@example.org/a.png")]
    [InlineData("https://acct.blob.core.windows.net/c/a.png?sv=2022-11-02&sp=r&sig=S1G%2Bx%3D", "https://acct.blob.core.windows.net/c/a.png?sv=2022-11-02&sp=r&sig=***")]
    [InlineData("https://b.s3.amazonaws.com/a.png?X-Amz-Security-Token=T0K&X-Amz-Signature=ab12#top", "https://b.s3.amazonaws.com/a.png?X-Amz-Security-Token=***&X-Amz-Signature=***#top")]
    [InlineData("https://storage.googleapis.com/b/a.png?X-Goog-Signature=ab12", "https://storage.googleapis.com/b/a.png?X-Goog-Signature=***")]
    [InlineData("https://cdn.example.org/a.png?Signature=s1g&Key-Pair-Id=K1", "https://cdn.example.org/a.png?Signature=***&Key-Pair-Id=K1")]
    [InlineData("https://u:p@example.org/a.png?token=t0k&size=2", "https://***@example.org/a.png?token=***&size=2")]
    public void A_link_is_shown_without_its_password_signature_or_token(string link, string shown) =>
        Assert.Equal(shown, UriSecretMask.Apply(link));

    [Theory]
    [InlineData("https://example.org/a.png?size=2&design=sig")]
    [InlineData("https://example.org/sig=in-the-path/a.png")]
    [InlineData("https://example.org/a.png?monkey=1&tokens=2")]
    public void A_link_without_secrets_is_shown_as_given(string link) =>
        Assert.Equal(link, UriSecretMask.Apply(link));

    [Fact]
    public void Every_link_in_a_message_is_masked() =>
        Assert.Equal("Cannot fetch 'https://x.org/a.png?sig=***' nor 'https://***@y.org/b.png'.",
            UriSecretMask.Apply("Cannot fetch 'https://x.org/a.png?sig=S1G' nor 'https://u:p@y.org/b.png'."));
}
