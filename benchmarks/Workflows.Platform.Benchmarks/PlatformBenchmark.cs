using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Contracts;
using Workflows.LocalStack;
using Workflows.Orchestration.Probe;

namespace Workflows.Platform.Benchmarks;

/// <summary>
/// Runs the measurements on one local stack: the LastFM run first (one worker), then a probe fan-out with 1 worker, adding
/// workers up to each next count. A small warm-up probe precedes each measured one, so that new worker processes and the
/// host's no-op path are JIT-compiled before they are timed.
/// </summary>
internal sealed class PlatformBenchmark(PlatformBenchmarkOptions options)
{
    private const string ProbeDataset = "probe";
    private const string LastFmDataset = "lastfm";
    private const int WarmUpJobs = 20;

    /// <summary>Short polling everywhere, as the integration tests use; the job-watching policy keeps its production defaults.</summary>
    public static IReadOnlyDictionary<string, string> StackSettings { get; } = new Dictionary<string, string>
    {
        ["Workflows:Watcher:Interval"] = "00:00:00.500",
        ["Workflows:Durable:MaxQueuePollingInterval"] = "00:00:00.200",
        ["Workflows:Durable:PartitionCount"] = "1",
        ["Workflows:Queues:PollInterval"] = "00:00:00.200",
    };

    public async Task<PlatformBenchmarkResults> RunAsync(CancellationToken cancellationToken)
    {
        int[] workerCounts = [.. options.Workers.Order()];
        await using var stack = await WorkflowsLocalStack.StartAsync(new LocalStackOptions { Workers = 1, Settings = StackSettings }, cancellationToken: cancellationToken);
        Console.WriteLine($"stack ready; logs in {stack.StackDirectory}");
        using var client = new StackClient(stack);

        LastFmMeasurement? lastFm = options.LastFmSpec is { } specFile ? await MeasureLastFmAsync(client, specFile, cancellationToken) : null;

        await client.UploadLastFmAsync(ProbeDataset, trigger: "manual", defaultRun: null, cancellationToken);
        var probes = new List<ProbeMeasurement>();
        foreach (int workers in workerCounts)
        {
            while (stack.Workers.Count < workers)
            {
                await stack.StartWorkerAsync(cancellationToken);
            }

            await ProbeAsync(client, workers, WarmUpJobs, cancellationToken);
            var probe = await ProbeAsync(client, workers, options.FanOut, cancellationToken);
            probes.Add(probe);
            Console.WriteLine($"{workers} worker(s): {probe.State}, median {probe.Report.Latency.Median:F3} s, p95 {probe.Report.Latency.P95:F3} s, {probe.Report.JobsPerSecond:F1} jobs/s");
        }

        return new PlatformBenchmarkResults(DateTimeOffset.UtcNow, Environment.MachineName, Environment.ProcessorCount, StackSettings, options.FanOut, probes, lastFm);
    }

    private static async Task<ProbeMeasurement> ProbeAsync(StackClient client, int workers, int jobs, CancellationToken cancellationToken)
    {
        var spec = new RunSpec
        {
            Family = ExperimentFamily.PlatformProbe,
            PlatformProbe = new PlatformProbeSpec { Jobs = jobs },
            MaxConcurrentJobs = jobs,
        };
        string runId = await client.StartRunAsync(ProbeDataset, spec, cancellationToken);
        var status = await client.WaitUntilFinishedAsync(runId, cancellationToken);
        var report = await client.GetReportAsync<PlatformProbeReport>(runId, cancellationToken);
        return new ProbeMeasurement(workers, runId, status.State, Lifetime(status), report);
    }

    private static async Task<LastFmMeasurement> MeasureLastFmAsync(StackClient client, string specFile, CancellationToken cancellationToken)
    {
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(specFile, cancellationToken), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        Console.WriteLine($"LastFM run with {specFile}: {spec.ToJsonString()}");
        var watch = Stopwatch.StartNew();
        string etag = await client.UploadLastFmAsync(LastFmDataset, trigger: "auto", spec, cancellationToken);
        string runId = await client.WaitForWatchedRunAsync(LastFmDataset, etag, cancellationToken);
        var status = await client.WaitUntilFinishedAsync(runId, cancellationToken);
        Console.WriteLine($"LastFM run {runId}: {status.State} after {watch.Elapsed.TotalSeconds:F1} s from upload");
        var results = await client.ReadJobResultsAsync(runId, cancellationToken);
        var details = results.Select(r => r.Details).ToList();
        return new LastFmMeasurement(runId, status.State, Workers: 1, results.Count, results.Count(r => r.Attempt > 1), Lifetime(status),
            details.Sum(d => Seconds(d, "trainingSeconds")), details.Sum(d => Seconds(d, "evaluationSeconds")), details.Sum(d => Seconds(d, "setupSeconds")),
            results.Sum(r => (r.FinishedAt - r.StartedAt).TotalSeconds));
    }

    private static double Seconds(JsonElement details, string name) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var value) ? value.GetDouble() : 0;

    private static double Lifetime(RunStatus status) =>
        status.CreatedAt is { } created && status.LastUpdatedAt is { } updated ? (updated - created).TotalSeconds : 0;
}

/// <param name="LastFmSpec">The LastFM run's spec file; null skips that measurement.</param>
internal sealed record PlatformBenchmarkOptions(IReadOnlyList<int> Workers, int FanOut, string? LastFmSpec);
