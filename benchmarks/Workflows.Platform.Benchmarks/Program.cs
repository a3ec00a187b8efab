using System.Globalization;
using Workflows.LocalStack;
using Workflows.Platform.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Workflows.Platform.Benchmarks -- [--workers 1,2,4] [--fan-out 200] [--lastfm-spec file | --no-lastfm]
//        dotnet run -c Release --project benchmarks/Workflows.Platform.Benchmarks -- galaxy [--workers 1,2] [--target 256]
//        dotnet run -c Release --project benchmarks/Workflows.Platform.Benchmarks -- galaxy-memory [--targets 128,256]
string? Value(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
List<int> Workers(string defaults) => (Value("--workers") ?? defaults).Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (args.FirstOrDefault() == GalaxyMemoryBenchmark.Command)
{
    var targets = (Value("--targets") ?? "128,256").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
    Console.WriteLine(await new GalaxyMemoryBenchmark(targets).RunAsync(cancellation.Token));
    return;
}

if (args.FirstOrDefault() == GalaxyBenchmark.Command)
{
    var galaxy = new GalaxyBenchmark(int.Parse(Value("--target") ?? "256", CultureInfo.InvariantCulture), Workers("1,2"));
    Console.WriteLine(await galaxy.RunAsync(cancellation.Token));
    return;
}

var options = new PlatformBenchmarkOptions(
    Workers("1,2,4"),
    int.Parse(Value("--fan-out") ?? "200", CultureInfo.InvariantCulture),
    args.Contains("--no-lastfm")
        ? null
        : Path.GetFullPath(Value("--lastfm-spec") ?? Path.Combine(WorkflowsLocalStack.RepositoryRoot, "benchmarks", "Workflows.Platform.Benchmarks", "lastfm-overhead.json")));

var results = await new PlatformBenchmark(options).RunAsync(cancellation.Token);
Console.WriteLine();
Console.WriteLine(ResultsWriter.Markdown(results));
var (markdown, json) = await ResultsWriter.SaveAsync(results, Path.Combine(WorkflowsLocalStack.RepositoryRoot, "BenchmarkDotNet.Artifacts", "platform"), cancellation.Token);
Console.WriteLine($"saved {markdown} and {json}");
