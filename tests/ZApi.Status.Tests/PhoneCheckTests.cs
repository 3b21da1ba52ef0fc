using ZApi.Status.Batch;

namespace ZApi.Status.Tests;

public sealed class PhoneCheckTests
{
    [Fact]
    public void A_connected_instance_with_its_phone_online_needs_no_word() =>
        Assert.Null(PhoneCheck.Assess(new ZApiInstanceStatus("i1", true, true, null), requirePhoneOnline: true));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_disconnected_instance_stops_the_batch_whatever_the_switch(bool requirePhoneOnline)
    {
        var ex = Assert.Throws<ZApiException>(() => PhoneCheck.Assess(new ZApiInstanceStatus("i1", false, false, "You are not connected."), requirePhoneOnline));
        Assert.Equal(ZApiErrorId.ZApiInstanceNotConnected, ex.ErrorId);
        Assert.Contains("i1", ex.Message);
        Assert.Contains("You are not connected.", ex.Message);
        Assert.Contains("Nothing was posted", ex.Message);
    }

    [Fact]
    public void A_phone_offline_is_a_warning_that_says_the_statuses_wait()
    {
        string? warning = PhoneCheck.Assess(new ZApiInstanceStatus("i1", true, false, null), requirePhoneOnline: false);
        Assert.NotNull(warning);
        Assert.Contains("offline", warning);
        Assert.Contains("holds the statuses", warning);
        Assert.Contains("-RequirePhoneOnline", warning);
    }

    [Fact]
    public void A_phone_offline_stops_the_batch_when_the_phone_is_required()
    {
        var ex = Assert.Throws<ZApiException>(() => PhoneCheck.Assess(new ZApiInstanceStatus("i1", true, false, null), requirePhoneOnline: true));
        Assert.Equal(ZApiErrorId.ZApiPhoneOffline, ex.ErrorId);
    }
}
