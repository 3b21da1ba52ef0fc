using ZApi.Status.Client;

namespace ZApi.Status.Tests;

public class RetryPolicyTests
{
    [Fact]
    public void Retry_after_is_honoured_and_capped()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(1, TimeSpan.FromSeconds(5)));
        Assert.Equal(RetryPolicy.MaximumDelay, policy.DelayBefore(1, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.Zero, policy.DelayBefore(1, TimeSpan.FromSeconds(-3)));
    }

    [Fact]
    public void Without_retry_after_the_interval_doubles_with_bounded_jitter()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(2), new Random(42));
        for (int retry = 1; retry <= 4; retry++)
        {
            double nominal = 2 * Math.Pow(2, retry - 1);
            double actual = policy.DelayBefore(retry, null).TotalSeconds;
            Assert.InRange(actual, nominal * 0.8, nominal * 1.2);
        }
    }

    [Fact]
    public void Backoff_never_exceeds_the_cap() =>
        Assert.Equal(RetryPolicy.MaximumDelay, new RetryPolicy(20, TimeSpan.FromSeconds(30)).DelayBefore(10, null));
}
