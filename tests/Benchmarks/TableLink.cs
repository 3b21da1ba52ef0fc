using System.Globalization;
using System.Net;

namespace ZApi.Status.Benchmarks;

/// <summary>
/// An emulated link in front of a loopback server of another process (Azurite's table service): the status history
/// table as far from the runbook as Azure puts it. Prints where it listens and runs until its standard input ends.
/// </summary>
internal static class TableLink
{
    public static async Task RunAsync(int targetPort, string roundTripMs, string megabitsPerSecond)
    {
        await using var proxy = new LinkProxy(new IPEndPoint(IPAddress.Loopback, targetPort),
            TimeSpan.FromMilliseconds(double.Parse(roundTripMs, CultureInfo.InvariantCulture)),
            (long)(double.Parse(megabitsPerSecond, CultureInfo.InvariantCulture) * 1_000_000));
        proxy.Start();
        Console.WriteLine("link on http://127.0.0.1:" + proxy.Port);
        await Console.In.ReadToEndAsync();
    }
}
