using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ZApi.Status.Benchmarks;

// One executable, three roles for build.ps1 -Task Bench (tests/Benchmarks/Invoke-Benchmark.ps1 drives them).
switch (args.FirstOrDefault())
{
    case "receive" when args.Length == 1:
        await Receiver.RunAsync();
        return 0;
    case "receive" when args.Length == 4:
        await Receiver.RunAsync(LinkOptions.Parse(args[1..]));
        return 0;
    case "wire" when args.Length is 3 or 4:
        Console.WriteLine(await WireLoop.RunAsync(new Uri(args[1]), args[2], Batches(args)));
        return 0;
    case "engine" when args.Length is 3 or 4:
        Console.WriteLine(await WireLoop.RunEngineAsync(new Uri(args[1]), args[2], Batches(args)));
        return 0;
    case "link" when args.Length == 4:
        await TableLink.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args[3]);
        return 0;
    case "history-load" when args.Length == 3:
        Console.WriteLine(HistoryLoad.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)));
        return 0;
    case "paths" when args.Length >= 3:
        Console.WriteLine(await PostPaths.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3..]));
        return 0;
    case "encoder" when args.Length == 2:
        BenchmarkRunner.Run<BodyWriterBenchmarks>(DefaultConfig.Instance.WithArtifactsPath(args[1]));
        return 0;
    default:
        Console.Error.WriteLine("usage: ZApi.Status.Benchmarks receive [<authority-pem-path> <round-trip-ms> <mbit-per-s>] | wire | engine <base-uri> <folder> [<batches>] | paths <folder> <rounds> [<way>...] | link <target-port> <round-trip-ms> <mbit-per-s> | history-load <file> <statuses> | encoder <artifacts-folder>");
        return 2;
}

static int Batches(string[] args) => args.Length == 4 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1;
