using ZApi.Status.Client;

namespace ZApi.Status.Tests;

public class ResponseClassifierTests
{
    private static readonly SecretRedactor Redactor = new("route-tok", "client-tok");

    private static ZApiException Refused(int statusCode, string body, bool mayHavePosted = true) =>
        Assert.Throws<ZApiException>(() => ResponseClassifier.ToSendResult(statusCode, body, "inst", Redactor, mayHavePosted));

    [Fact]
    public void A_queued_status_gives_its_ids()
    {
        QueuedStatus result = ResponseClassifier.ToSendResult(200, """{"zaapId":"Z1","messageId":"M1","id":"I1"}""", "inst", Redactor, true);
        Assert.Equal(("Z1", "M1"), (result.ZaapId, result.MessageId));
    }

    [Fact]
    public void An_answer_with_only_Z_API_s_id_field_still_counts_as_queued()
    {
        QueuedStatus result = ResponseClassifier.ToSendResult(200, """{"id":"I1"}""", "inst", Redactor, true);
        Assert.Equal((null, null), (result.ZaapId, result.MessageId));
    }

    [Fact]
    public void Value_false_with_200_is_a_failure_not_a_result()
    {
        ZApiException ex = Refused(200, """{"value":false}""");
        Assert.Equal(ZApiErrorId.ZApiRequestFailed, ex.ErrorId);
        Assert.Contains("nothing was posted", ex.Message);
    }

    [Theory]
    [InlineData(400, """{"error":"your client-token is not configured"}""", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(403, """{"error":"Client-Token client-tok not allowed"}""", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(400, """{"error":"Instance not found"}""", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(400, """{"error":"Invalid instance token"}""", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(401, "", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(400, """{"error":"You are not connected."}""", ZApiErrorId.ZApiInstanceNotConnected)]
    [InlineData(200, """{"error":"You are not connected."}""", ZApiErrorId.ZApiInstanceNotConnected)]
    [InlineData(429, """{"error":"Too Many Requests"}""", ZApiErrorId.ZApiRateLimited)]
    [InlineData(500, "<html>oops</html>", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(503, "", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(400, """{"error":"image is required"}""", ZApiErrorId.ZApiRequestFailed)]
    [InlineData(405, "", ZApiErrorId.ZApiRequestFailed)]
    [InlineData(415, "", ZApiErrorId.ZApiRequestFailed)]
    [InlineData(200, "not json", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(200, "", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(200, """{"value":true}""", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(201, """{"zaapId":null,"messageId":null,"id":null}""", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(200, "[]", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(204, "", ZApiErrorId.ZApiOutcomeUnknown)]
    [InlineData(400, """{"error":"Your client-token is not allowed"}""", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(400, """{"error":"this IP is not allowed"}""", ZApiErrorId.ZApiAuthenticationFailed)]
    [InlineData(400, """{"message":"Not Allowed"}""", ZApiErrorId.ZApiAuthenticationFailed)]
    public void Answers_map_to_the_documented_error_ids(int statusCode, string body, ZApiErrorId expected)
    {
        ZApiException ex = Refused(statusCode, body);
        Assert.Equal(expected, ex.ErrorId);
        Assert.Equal(statusCode, ex.StatusCode);
        Assert.Contains(statusCode.ToString(), ex.Message);
    }

    [Fact]
    public void A_5xx_to_a_status_check_is_a_plain_failure_not_an_unknown_outcome() =>
        Assert.Equal(ZApiErrorId.ZApiRequestFailed, Refused(500, "", mayHavePosted: false).ErrorId);

    [Fact]
    public void The_refused_client_token_echoed_by_Z_API_is_redacted()
    {
        ZApiException ex = Refused(403, """{"error":"Client-Token client-tok not allowed"}""");
        Assert.DoesNotContain("client-tok ", ex.Message);
        Assert.Contains("Client-Token *** not allowed", ex.Message);
    }

    [Fact]
    public void A_2xx_without_ids_to_a_status_check_posts_nothing_and_says_so_plainly() =>
        Assert.Equal(ZApiErrorId.ZApiRequestFailed, Refused(200, "{}", mayHavePosted: false).ErrorId);

    [Fact]
    public void An_error_text_of_any_length_is_shortened_in_the_message()
    {
        ZApiException ex = Refused(400, "{\"error\":\"" + new string('e', 100_000) + "\"}");
        Assert.InRange(ex.Message.Length, 1, 600);
        ex = Refused(502, new string('x', 100_000));
        Assert.InRange(ex.Message.Length, 1, 600);
    }

    [Fact]
    public void Server_text_is_never_cut_between_the_halves_of_an_emoji()
    {
        string shown = ResponseClassifier.Shorten(new string('e', ResponseClassifier.ShownLength - 1) + "\U0001F389 and more");
        Assert.Equal(new string('e', ResponseClassifier.ShownLength - 1) + "\u2026", shown);
    }
}
