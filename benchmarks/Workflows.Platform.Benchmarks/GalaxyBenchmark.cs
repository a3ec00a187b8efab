using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workflows.Contracts;
using Workflows.Cosmology.Synthetic;
using Workflows.LocalStack;
using Workflows.Orchestration.Runs;

namespace Workflows.Platform.Benchmarks;

/// <summary>
/// A galaxy-painting run through the whole local stack per worker count, every worker pinned to one intra-op thread
/// (<c>OMP_NUM_THREADS=1</c>, inherited by the stack's processes): prediction voxels/s over the predict jobs' span,
/// cutting and stitching throughput from the run's phase changes (status polled every 100 ms), the workers' peak
/// resident memory, and the cascade-vs-benchmark scores of the report.
/// </summary>
internal sealed class GalaxyBenchmark(int targetSize, IReadOnlyList<int> workerCounts)
{
    public const string Command = "galaxy";
    private const string Dataset = "galaxy-bench";
    private const int TrainingSize = 64;

    /// <summary>16 jobs of 32 tiles for a 256³ target, two jobs per wave so that two workers are both busy.</summary>
    private const string Spec = """
        {
          "family": "galaxy-painting",
          "galaxyPainting": {
            "tilingMode": "reproduce", "tileSize": 32, "modelPreset": "cpu-small",
            "classifierEpochs": 1, "regressorEpochs": 1, "batchSize": 4, "tilesPerJob": 32, "waveWidth": 2
          },
          "jobDeadline": "01:00:00"
        }
        """;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");
        Environment.SetEnvironmentVariable("MKL_NUM_THREADS", "1");
        var files = Generate(Dataset, targetSize, Spec);
        var rows = new List<string>();
        foreach (int workers in workerCounts)
        {
            await using var stack = await PlatformBenchmark.StartStackAsync(workers, cancellationToken);
            using var client = new StackClient(stack);
            rows.Add(await MeasureAsync(client, workers, files, cancellationToken));
            Console.WriteLine(rows[^1]);
        }

        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Galaxy painting, {TrainingSize}³ training pair, {targetSize}³ target, reproduce mode, cpu-small, 32³ tiles, one intra-op thread per worker")
            .AppendLine()
            .AppendLine("| workers | predict span | voxels/s | cut | cut voxels/s | stitch | stitch voxels/s | worker peak RSS | run wall | cascade F1 | benchmark F1 | cascade P(k) err | benchmark P(k) err |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
            .AppendJoin(Environment.NewLine, rows)
            .ToString();
    }

    /// <summary>A {64³ training pair, <paramref name="targetSize"/>³ target} dataset's files and its manifest (under <see cref="BlobLayout.ManifestFileName"/>), running <paramref name="spec"/>.</summary>
    public static Dictionary<string, byte[]> Generate(string dataset, int targetSize, string spec)
    {
        double voxel = 100.0 / TrainingSize;
        var training = new UniverseSpec { GridSize = TrainingSize, BoxSize = 100, Seed = 11, Rule = GalaxyRule.NonLocal };
        var target = training with { GridSize = targetSize, BoxSize = targetSize * voxel, Seed = 12 };
        var streams = new Dictionary<string, MemoryStream>();
        var written = CosmologyDatasetWriter.Write(SyntheticUniverse.Generate(training), SyntheticUniverse.Generate(target), path => streams[path] = new MemoryStream());
        var manifest = new DatasetManifest
        {
            Name = dataset,
            Kind = DatasetKind.Cosmology,
            Files = [.. written.Files.Select(f => new DatasetFile { Path = f.Path, Role = f.Role, Format = f.Format })],
            Grid = new GridGeometry { BoxSize = written.BoxSize, GridSize = TrainingSize, TargetGridSize = targetSize },
            DefaultRun = RunSpec.Parse(Encoding.UTF8.GetBytes(spec), "benchmark spec"),
        };
        var files = streams.ToDictionary(s => s.Key, s => s.Value.ToArray());
        files[BlobLayout.ManifestFileName] = ContractJson.SerializeToUtf8Bytes(manifest);
        return files;
    }

    /// <summary>Uploads the dataset's files, then (timed by <paramref name="clock"/> from here) its manifest; returns the run it started.</summary>
    public static async Task<string> SubmitAsync(StackClient client, string dataset, Dictionary<string, byte[]> files, Stopwatch clock, CancellationToken cancellationToken)
    {
        var container = client.Blobs.GetBlobContainerClient(BlobLayout.DatasetsContainer);
        foreach (var (path, content) in files.Where(f => f.Key != BlobLayout.ManifestFileName))
        {
            await container.GetBlobClient(BlobLayout.DatasetFile(dataset, path).Name).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken);
        }

        clock.Restart();
        var manifest = await container.GetBlobClient(BlobLayout.Manifest(dataset).Name).UploadAsync(new BinaryData(files[BlobLayout.ManifestFileName]), overwrite: true, cancellationToken);
        return await client.WaitForWatchedRunAsync(dataset, manifest.Value.ETag.ToString(), cancellationToken);
    }

    private async Task<string> MeasureAsync(StackClient client, int workers, Dictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        var clock = new Stopwatch();
        string runId = await SubmitAsync(client, Dataset, files, clock, cancellationToken);
        var phases = await client.WatchPhasesAsync(runId, clock, cancellationToken);
        double wall = clock.Elapsed.TotalSeconds;
        double peakMegabytes = StackUsage.PeakResidentBytes(StackUsage.Workers) / 1e6;

        var predictions = (await client.ReadJobResultsAsync(runId, cancellationToken)).Where(r => r.Kind == JobKinds.CosmoPredictTiles).ToList();
        double span = (predictions.Max(r => r.FinishedAt) - predictions.Min(r => r.StartedAt)).TotalSeconds;
        double voxels = Math.Pow(targetSize, 3);
        double cut = phases.Duration(RunPhases.Cutting);
        double stitch = phases.Duration(RunPhases.Stitching);
        var report = JsonNode.Parse(await client.GetReportTextAsync(runId, cancellationToken))!;
        var scores = report["measurements"]!["scores"]!.AsArray().ToDictionary(s => s!["predictor"]!.GetValue<string>(), s => s!);
        string Score(string predictor, string field) => scores[predictor]![field] is { } value ? value.GetValue<double>().ToString("F3", CultureInfo.InvariantCulture) : "–";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {workers} | {span:F1} s | {voxels / span:F0} | {cut:F1} s | {voxels / cut:F0} | {stitch:F1} s | {voxels / stitch:F0} | {peakMegabytes:F0} MB | {wall:F1} s | " +
            $"{Score("cascade", "f1")} | {Score("benchmark", "f1")} | {Score("cascade", "pkError")} | {Score("benchmark", "pkError")} |");
    }
}

/// <summary>When each phase of a run began, on the benchmark's clock.</summary>
internal sealed class PhaseTimes
{
    private readonly List<(string Phase, double At)> changes = [];

    public void Record(string phase, double at)
    {
        if (changes.Count == 0 || changes[^1].Phase != phase)
        {
            changes.Add((phase, at));
        }
    }

    /// <summary>Seconds from the first time the phase was seen to the next change (summed when it recurs).</summary>
    public double Duration(string phase) =>
        changes.Select((change, i) => change.Phase == phase && i + 1 < changes.Count ? changes[i + 1].At - change.At : 0).Sum();
}
