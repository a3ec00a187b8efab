using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Contracts;
using Workflows.LocalStack;
using Workflows.Orchestration.Probe;

namespace Workflows.Platform.Benchmarks;

/// <summary>
/// Runs each measurement on a fresh local stack: the LastFM run (one worker); then per worker count a warm-up probe (so
/// that the worker processes and the host's no-op path are JIT-compiled before they are timed), with one worker a
/// sequential probe (one job in flight: latency without queueing), and the measured fan-out.
/// </summary>
/// <remarks>
/// A fresh stack per worker count because every finished job leaves its heartbeat-check timer behind in the engine's
/// control queue: it fires one check interval later and is discarded, but a fan-out's worth of them landing in the next
/// measurement would be charged to it.
/// </remarks>
internal sealed class PlatformBenchmark(PlatformBenchmarkOptions options)
{
    private const string ProbeDataset = "probe";
    private const string LastFmDataset = "lastfm";
    private const int WarmUpJobs = 20;
    private const int SequentialJobs = 20;

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
        LastFmMeasurement? lastFm = null;
        if (options.LastFmSpec is { } specFile)
        {
            await using var stack = await StartStackAsync(workers: 1, cancellationToken);
            using var client = new StackClient(stack);
            lastFm = await MeasureLastFmAsync(client, specFile, cancellationToken);
        }

        ProbeMeasurement? sequential = null;
        var probes = new List<ProbeMeasurement>();
        foreach (int workers in options.Workers)
        {
            await using var stack = await StartStackAsync(workers, cancellationToken);
            using var client = new StackClient(stack);
            await client.UploadLastFmAsync(ProbeDataset, trigger: "manual", defaultRun: null, cancellationToken);
            await ProbeAsync(stack, client, workers, WarmUpJobs, WarmUpJobs, cancellationToken);
            if (workers == 1)
            {
                sequential = Print(await ProbeAsync(stack, client, workers, SequentialJobs, inFlight: 1, cancellationToken));
            }

            probes.Add(Print(await ProbeAsync(stack, client, workers, options.FanOut, options.FanOut, cancellationToken)));
        }

        return new PlatformBenchmarkResults(DateTimeOffset.UtcNow, Environment.MachineName, Environment.ProcessorCount, StackSettings, options.FanOut,
            sequential, probes, lastFm);
    }

    public static async Task<WorkflowsLocalStack> StartStackAsync(int workers, CancellationToken cancellationToken)
    {
        var stack = await WorkflowsLocalStack.StartAsync(new LocalStackOptions { Workers = workers, Settings = StackSettings }, cancellationToken: cancellationToken);
        Console.WriteLine($"stack with {workers} worker(s) ready; logs in {stack.StackDirectory}");
        return stack;
    }

    private static async Task<ProbeMeasurement> ProbeAsync(WorkflowsLocalStack stack, StackClient client, int workers, int jobs, int inFlight, CancellationToken cancellationToken)
    {
        var spec = new RunSpec
        {
            Family = ExperimentFamily.PlatformProbe,
            PlatformProbe = new PlatformProbeSpec { Jobs = jobs },
            MaxConcurrentJobs = inFlight,
        };
        var cpuBefore = StackUsage.Snapshot();
        long requestsBefore = StackUsage.StorageRequests(stack.StackDirectory);
        string runId = await client.StartRunAsync(ProbeDataset, spec, cancellationToken);
        var status = await client.WaitUntilFinishedAsync(runId, cancellationToken);
        var report = await client.GetReportAsync<PlatformProbeReport>(runId, cancellationToken);
        return new ProbeMeasurement(workers, runId, status.State, Lifetime(status), report, StackUsage.Since(cpuBefore, StackUsage.Snapshot()),
            StackUsage.StorageRequests(stack.StackDirectory) - requestsBefore, SecondsSummary.Of(HostLogTimings.SendToOutcomeSeconds(stack.StackDirectory, runId)));
    }

    private static ProbeMeasurement Print(ProbeMeasurement probe)
    {
        var r = probe.Report;
        Console.WriteLine($"{probe.Workers} worker(s), {r.JobsPlanned} jobs, {r.MaxConcurrentJobs} in flight: {probe.State}, median {r.Latency.Median:F3} s, " +
            $"send → outcome median {probe.SendToOutcome.Median:F3} s ({probe.SendToOutcome.Count} jobs), " +
            $"p95 {r.Latency.P95:F3} s, {r.JobsPerSecond:F1} jobs/s, {probe.CoresBusy:F2} cores busy, {probe.StorageRequestsPerJob:F0} storage requests/job");
        return probe;
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
