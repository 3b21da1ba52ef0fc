using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ZApi.Status.Tests;

/// <summary>
/// Azurite's table service (npm azurite, installed by .ci/run into tests/Azurite) on a free loopback port with a
/// folder of its own, started once for the test run and ended with it: it runs under tests/Azurite/start-table.js,
/// which exits when this process's end closes its standard input. Where npm or Node.js is missing the tests that
/// need it are skipped with <see cref="Unavailable"/> as the reason. Tables are made with an account SAS, and tests
/// get table SAS signed with Azurite's published development key (here in test code only).
/// </summary>
public sealed class AzuriteTable
{
    public const string Account = "devstoreaccount1";

    // Azurite's well-known development key: public, and valid only for the emulator.
    private static readonly byte[] AccountKey = Convert.FromBase64String("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");
    private const string SasVersion = "2019-02-02";
    private static readonly Lazy<(AzuriteTable? Server, string? Reason)> Shared = new(Start);
    private readonly Process _process;
    private readonly HttpClient _http = new();

    private AzuriteTable(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    /// <summary>The running server, or null (see <see cref="Unavailable"/>).</summary>
    public static AzuriteTable? Instance => Shared.Value.Server;

    /// <summary>Why there is no server: what is missing and how to install it.</summary>
    public static string? Unavailable => Shared.Value.Reason;

    public int Port { get; }

    public string Folder { get; }

    /// <summary>The account's endpoint, path style as Azurite serves it.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/{Account}/");

    /// <summary>A new, empty table with a unique name; returns its URL without a SAS.</summary>
    public async Task<Uri> CreateTableAsync(string? name = null)
    {
        name ??= "t" + Guid.NewGuid().ToString("N")[..20];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, "Tables?" + AccountSas()))
        {
            Content = new StringContent("{\"TableName\":\"" + name + "\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json;odata=nometadata");
        request.Headers.Add("x-ms-version", SasVersion);
        using HttpResponseMessage response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"creating table {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return new Uri(Endpoint, name);
    }

    /// <summary>A service SAS for one table, signed with the development key.</summary>
    public static string TableSas(string table, string permissions = "raud", DateTimeOffset? expiry = null)
    {
        string se = (expiry ?? DateTimeOffset.UtcNow.AddHours(2)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string signature = Sign($"{permissions}\n\n{se}\n/table/{Account}/{table.ToLowerInvariant()}\n\n\n\n{SasVersion}\n\n\n\n");
        return $"sv={SasVersion}&tn={table}&sp={permissions}&se={Uri.EscapeDataString(se)}&sig={Uri.EscapeDataString(signature)}";
    }

    /// <summary>An account SAS that may create tables.</summary>
    public static string AccountSas()
    {
        string se = DateTimeOffset.UtcNow.AddHours(2).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string signature = Sign($"{Account}\nrwdlacu\nt\nsco\n\n{se}\n\nhttp,https\n{SasVersion}\n");
        return $"sv={SasVersion}&ss=t&srt=sco&sp=rwdlacu&se={Uri.EscapeDataString(se)}&spr=http,https&sig={Uri.EscapeDataString(signature)}";
    }

    private static string Sign(string stringToSign)
    {
        using var hmac = new HMACSHA256(AccountKey);
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    private void Stop()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }

            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception)
        {
            // Ending anyway: the server goes with its standard input.
        }
    }

    private static (AzuriteTable?, string?) Start()
    {
        string? script = FindScript();
        if (script == null)
        {
            return (null, "Azurite is not installed: run 'npm ci --no-audit --no-fund' in tests/Azurite (.ci/run does)");
        }

        string reason = "Azurite did not start";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int port = FreePort();
            string folder = Directory.CreateTempSubdirectory("zapi-azurite-").FullName;
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(script)!,
            };
            foreach (string argument in new[] { script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture), "--location", folder, "--silent", "--disableTelemetry" })
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return (null, "Node.js (node) is not on PATH, so Azurite cannot run: " + ex.Message);
            }

            var errors = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            // Node starts slowly on a loaded machine; bounded all the same.
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
            {
                if (Listens(port))
                {
                    return (new AzuriteTable(process, port, folder), null);
                }

                Thread.Sleep(200);
            }

            lock (errors)
            {
                reason = $"Azurite did not start on port {port} within {clock.Elapsed.TotalSeconds:0} s: {errors.ToString().Trim()}";
            }

            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        return (null, reason);
    }

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string script = Path.Combine(dir.FullName, "tests", "Azurite", "start-table.js");
            if (File.Exists(script))
            {
                return Directory.Exists(Path.Combine(dir.FullName, "tests", "Azurite", "node_modules", "azurite")) ? script : null;
            }
        }

        return null;
    }
}
