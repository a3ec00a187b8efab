using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workflows.Contracts;
using Workflows.Orchestration.Runs;

namespace Workflows.Platform.Benchmarks;

/// <summary>
/// Worker peak memory against the target volume's size at a fixed job size: per target, a galaxy-painting run on a stack
/// with one worker that trains; as soon as the run leaves training that worker is killed and a fresh one started, so the
/// fresh worker runs only <c>cosmo.predict-tiles</c> jobs and its peak resident set (<c>VmHWM</c>) is what predicting needs.
/// That peak is also read (status polled every 100 ms) once the first <see cref="EarlyJobs"/> predict jobs are done, so
/// that targets are compared after the same work as well as at the end. Every worker is pinned to one intra-op thread, as in <see cref="GalaxyBenchmark"/>.
/// </summary>
internal sealed class GalaxyMemoryBenchmark(IReadOnlyList<int> targetSizes)
{
    public const string Command = "galaxy-memory";
    private const string Dataset = "galaxy-memory";
    private const int TileSize = 32;
    private const int TilesPerJob = 8;
    private const int EarlyJobs = 8;

    /// <summary>Jobs of 8 tiles of 32³ (262 144 voxels) whatever the target's size; one short epoch per phase.</summary>
    private static readonly string Spec = $$"""
        {
          "family": "galaxy-painting",
          "galaxyPainting": {
            "tilingMode": "reproduce", "tileSize": {{TileSize}}, "modelPreset": "cpu-small",
            "classifierEpochs": 1, "regressorEpochs": 1, "batchSize": 4, "tilesPerJob": {{TilesPerJob}}, "waveWidth": 2
          },
          "jobDeadline": "01:00:00"
        }
        """;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");
        Environment.SetEnvironmentVariable("MKL_NUM_THREADS", "1");
        var rows = new List<string>();
        foreach (int targetSize in targetSizes)
        {
            rows.Add(await MeasureAsync(targetSize, cancellationToken));
            Console.WriteLine(rows[^1]);
        }

        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Galaxy painting worker memory, 64³ training pair, reproduce mode, cpu-small, {TilesPerJob} tiles of {TileSize}³ per predict job, one intra-op thread")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"| target | target float32 | predict jobs | voxels per job | training worker peak RSS | predict-only worker peak RSS after {EarlyJobs} jobs | predict-only worker peak RSS at the end | predict jobs run by | run wall |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|")
            .AppendJoin(Environment.NewLine, rows)
            .ToString();
    }

    private static async Task<string> MeasureAsync(int targetSize, CancellationToken cancellationToken)
    {
        var files = GalaxyBenchmark.Generate(Dataset, targetSize, Spec);
        await using var stack = await PlatformBenchmark.StartStackAsync(workers: 1, cancellationToken);
        using var client = new StackClient(stack);
        var clock = new Stopwatch();
        string runId = await GalaxyBenchmark.SubmitAsync(client, Dataset, files, clock, cancellationToken);
        long trainingPeak = 0, earlyPeak = 0;
        int? predictor = null;
        await client.WatchPhasesAsync(runId, clock, cancellationToken, async status =>
        {
            if (predictor is null && status.Phase is RunPhases.Cutting or RunPhases.Predicting)
            {
                trainingPeak = StackUsage.PeakResidentBytes(stack.Workers[0]!.ProcessId);
                await stack.KillWorkerAsync(0);
                predictor = await stack.StartWorkerAsync(cancellationToken);
            }
            else if (predictor is { } index && earlyPeak == 0 && status.Progress.JobsDone >= 1 + EarlyJobs)
            {
                earlyPeak = StackUsage.PeakResidentBytes(stack.Workers[index]!.ProcessId);
            }
        });
        double wall = clock.Elapsed.TotalSeconds;
        long predictPeak = StackUsage.PeakResidentBytes(stack.Workers[predictor ?? throw new InvalidOperationException($"run {runId} never left training")]!.ProcessId);

        var predictions = (await client.ReadJobResultsAsync(runId, cancellationToken)).Where(r => r.Kind == JobKinds.CosmoPredictTiles).ToList();
        string runBy = string.Join(", ", predictions.GroupBy(r => r.WorkerId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"));
        long voxelsPerJob = (long)TilesPerJob * TileSize * TileSize * TileSize;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {targetSize}³ | {Math.Pow(targetSize, 3) * 4 / 1e6:F0} MB | {predictions.Count} | {voxelsPerJob} | {trainingPeak / 1e6:F0} MB | {earlyPeak / 1e6:F0} MB | {predictPeak / 1e6:F0} MB | {runBy} | {wall:F1} s |");
    }
}
