using ZApi.Status.Media;

namespace ZApi.Status.Tests;

public class ZApiConnectionTests
{
    [Fact]
    public void The_environment_describes_a_connection_only_when_complete()
    {
        var variables = new Dictionary<string, string?> { ["ZAPI_INSTANCE_ID"] = "i1", ["ZAPI_TOKEN"] = "t1" };
        Assert.Null(ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name)));

        variables["ZAPI_CLIENT_TOKEN"] = "c1";
        variables["ZAPI_BASE_URI"] = "http://127.0.0.1:5099";
        ZApiConnection connection = ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name))!;
        Assert.Equal(("i1", "Environment", "http://127.0.0.1:5099/"), (connection.InstanceId, connection.Source, connection.BaseUri.AbsoluteUri));

        variables["ZAPI_BASE_URI"] = "ftp://nope";
        Assert.Equal(ZApiErrorId.ZApiNotConfigured, Assert.Throws<ZApiException>(() => ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name))).ErrorId);
    }

    [Fact]
    public void ToString_and_the_route_shown_never_hold_the_token()
    {
        var connection = new ZApiConnection("inst", SandboxServer.Secure("tok-SECRET"), SandboxServer.Secure("ct-SECRET"), new Uri("https://api.z-api.io/base"));
        Assert.Equal("https://api.z-api.io/base/instances/inst/token/***/", connection.ToString());
        Assert.Equal("https://api.z-api.io/base/instances/inst/token/***/send-image-status", connection.RedactedRoute("send-image-status"));
        Assert.Contains("tok-SECRET", connection.Route("status").AbsoluteUri);
    }

    [Fact]
    public void The_callers_secure_strings_stay_writable()
    {
        var token = SandboxServer.Secure("t");
        _ = new ZApiConnection("i", token, SandboxServer.Secure("c"));
        token.AppendChar('x');
        Assert.Equal(2, token.Length);
    }

    [Fact]
    public void A_base_uri_from_the_environment_loses_its_user_information_and_never_shows_it()
    {
        var variables = new Dictionary<string, string?>
        {
            ["ZAPI_INSTANCE_ID"] = "i1", ["ZAPI_TOKEN"] = "t1", ["ZAPI_CLIENT_TOKEN"] = "c1",
            ["ZAPI_BASE_URI"] = "http://someone:base-SECRET@127.0.0.1:5099/",
        };
        ZApiConnection connection = ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name))!;
        Assert.Equal("http://127.0.0.1:5099/", connection.BaseUri.AbsoluteUri);
        Assert.DoesNotContain("base-SECRET", connection.ToString());
        Assert.DoesNotContain("base-SECRET", connection.Route("status").AbsoluteUri);

        variables["ZAPI_BASE_URI"] = "ftp://someone:base-SECRET@nope";
        var ex = Assert.Throws<ZApiException>(() => ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name)));
        Assert.DoesNotContain("base-SECRET", ex.Message);
        Assert.Contains("ftp://***@nope", ex.Message);
    }

    [Fact]
    public void No_public_property_of_a_connection_holds_a_secret()
    {
        foreach (var property in typeof(ZApiConnection).GetProperties())
        {
            Assert.NotEqual(typeof(System.Security.SecureString), property.PropertyType);
            Assert.NotEqual(typeof(System.Net.NetworkCredential), property.PropertyType);
        }
    }

    public static TheoryData<string, string> MalformedValues => new()
    {
        { "", "empty" },
        { " \t\r\n", "empty" },
        { ".", "'.'" },
        { "..", "'..'" },
        { "ab\r\nX-Injected: 1", "line break" },
        { "ab\ncd", "line break" },
        { "ab cd", "space" },
        { "ab\u0000cd", "control character" },
        { "tokén", "not ASCII" },
        { "t\u00A0ok", "not ASCII" },
    };

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public void A_malformed_id_or_token_is_refused_alike_from_parameters_and_environment_without_showing_it(string value, string problem)
    {
        foreach (string which in new[] { "InstanceId", "Token", "ClientToken" })
        {
            var parameter = Assert.Throws<ZApiException>(() => new ZApiConnection(
                which == "InstanceId" ? value : "i", SandboxServer.Secure(which == "Token" ? value : "t"), SandboxServer.Secure(which == "ClientToken" ? value : "c")));
            Assert.Equal(ZApiErrorId.ZApiNotConfigured, parameter.ErrorId);
            Assert.StartsWith("-" + which + " ", parameter.Message);
            Assert.Contains(problem, parameter.Message);

            string variable = which == "InstanceId" ? "ZAPI_INSTANCE_ID" : which == "Token" ? "ZAPI_TOKEN" : "ZAPI_CLIENT_TOKEN";
            var variables = new Dictionary<string, string?> { ["ZAPI_INSTANCE_ID"] = "i", ["ZAPI_TOKEN"] = "t", ["ZAPI_CLIENT_TOKEN"] = "c", [variable] = value };
            if (string.IsNullOrWhiteSpace(value))
            {
                // A blank variable is one that is not set.
                Assert.Null(ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name)));
                continue;
            }

            var environment = Assert.Throws<ZApiException>(() => ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name)));
            Assert.Equal(ZApiErrorId.ZApiNotConfigured, environment.ErrorId);
            Assert.StartsWith(variable + " ", environment.Message);
            if (value.Length > 2)
            {
                Assert.DoesNotContain(value, environment.Message);
            }
        }
    }

    [Fact]
    public void Surrounding_whitespace_and_a_trailing_newline_are_trimmed_from_every_value()
    {
        var connection = new ZApiConnection(" inst\n", SandboxServer.Secure("\ttok\r\n"), SandboxServer.Secure("ct\n"));
        Assert.Equal("inst", connection.InstanceId);
        Assert.Equal(("tok", "ct"), (connection.PlainToken, connection.PlainClientToken));
        Assert.EndsWith("/instances/inst/token/tok/status", connection.Route("status").AbsoluteUri);

        var variables = new Dictionary<string, string?> { ["ZAPI_INSTANCE_ID"] = "inst\r\n", ["ZAPI_TOKEN"] = "tok\n", ["ZAPI_CLIENT_TOKEN"] = "ct\r\n" };
        ZApiConnection fromEnvironment = ZApiConnection.FromEnvironment(name => variables.GetValueOrDefault(name))!;
        Assert.Equal(("inst", "tok", "ct"), (fromEnvironment.InstanceId, fromEnvironment.PlainToken, fromEnvironment.PlainClientToken));
    }
}
