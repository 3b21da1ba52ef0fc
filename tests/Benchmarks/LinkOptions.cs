using System.Globalization;

namespace ZApi.Status.Benchmarks;

/// <summary>The emulated network for the receiver: where to write the authority clients trust, the round trip and the rate.</summary>
internal sealed record LinkOptions(string AuthorityPemPath, TimeSpan RoundTrip, long BitsPerSecond)
{
    /// <summary>From <c>&lt;authority-pem-path&gt; &lt;round-trip-ms&gt; &lt;megabits-per-second&gt;</c>.</summary>
    public static LinkOptions Parse(string[] args) => new(
        Path.GetFullPath(args[0]),
        TimeSpan.FromMilliseconds(double.Parse(args[1], CultureInfo.InvariantCulture)),
        (long)(double.Parse(args[2], CultureInfo.InvariantCulture) * 1_000_000));
}
