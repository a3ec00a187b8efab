using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;
using Workflows.Testing;

namespace Workflows.Reporting.Tests;

/// <summary>
/// A galaxy-painting run stopped before measuring, with hand-made results: the train job 40 s on an A100, and three
/// prediction jobs: 5 s on an A100, 7.5 s on the CPU, 2.5 s from a worker that recorded no device.
/// </summary>
public sealed class GalaxyReportWriterTests
{
    private const string RunId = "gp-accounted-run";

    private static readonly DateTimeOffset Started = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemoryBlobStore blobs = new();

    [Fact]
    public async Task WriteAsync_JobResults_AccountsWorkerTimeByJobKindWithTheirDevices()
    {
        var input = Input(predictJobs: 3);

        var (report, markdown) = await WriteAsync(input);

        Assert.Equal(3, report.SchemaVersion);
        Assert.Equal(new Dictionary<string, double> { ["loss"] = 0.25 }, report.Training);
        Assert.Equal(
            [(JobKinds.CosmoPredictTiles, 3, 15.0, "cpu|cuda (A100)"), (JobKinds.CosmoTrain, 1, 40.0, "cuda (A100)")],
            report.WorkerTimeByKind.Select(k => (k.Kind, k.Jobs, k.WorkerSeconds, string.Join("|", k.Devices))));
        var table = Assert.Single(MarkdownTables.Parse(markdown), t => t.Heading == "Worker time");
        Assert.Equal(["job kind", "jobs", "worker time", "device"], table.Columns);
        Assert.Equal([["cosmo.predict-tiles", "3", "15.0 s", "cpu, cuda (A100)"], ["cosmo.train", "1", "40.0 s", "cuda (A100)"]], table.Rows);
        Assert.Contains("- Wall time: 120 s; worker time: 55.0 s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_PredictionResultGone_LeavesItsJobOutOfTheAccounting()
    {
        var input = Input(predictJobs: 3);
        var gone = BlobPath.Parse(input.PredictJobs[1].ResultPath);
        await blobs.DeletePrefixAsync(gone.Container, gone.Name, TestTimeouts.After(TimeSpan.FromMinutes(1)));

        var (report, _) = await WriteAsync(input);

        Assert.Equal(
            [(JobKinds.CosmoPredictTiles, 2, 7.5, "cuda (A100)"), (JobKinds.CosmoTrain, 1, 40.0, "cuda (A100)")],
            report.WorkerTimeByKind.Select(k => (k.Kind, k.Jobs, k.WorkerSeconds, string.Join("|", k.Devices))));
    }

    [Fact]
    public async Task WriteAsync_TrainJobFailed_HasNoTrainingAndAnEmptyAccounting()
    {
        var input = Input(predictJobs: 0) with { State = RunState.Failed, TrainResult = null, Errors = ["train: boom"] };

        var (report, markdown) = await WriteAsync(input);

        Assert.Empty(report.Training);
        Assert.Empty(report.WorkerTimeByKind);
        Assert.Empty(Assert.Single(MarkdownTables.Parse(markdown), t => t.Heading == "Worker time").Rows);
    }

    /// <summary>The run's index with the train result and <paramref name="predictJobs"/> prediction results stored.</summary>
    private GalaxyReportInput Input(int predictJobs)
    {
        string trainResult = Store(CosmoJobIds.Train(RunId), JobKinds.CosmoTrain, 0, 40, "cuda (A100)", new Dictionary<string, double> { ["loss"] = 0.25 });
        (double Seconds, string? Device)[] predictions = [(5, "cuda (A100)"), (7.5, "cpu"), (2.5, null)];
        var predicted = Enumerable.Range(0, predictJobs).Select(index =>
        {
            string jobId = CosmoJobIds.Predict(RunId, index);
            return new PredictedJob(index, jobId, Store(jobId, JobKinds.CosmoPredictTiles, 40 + (10 * index), predictions[index].Seconds, predictions[index].Device, []));
        }).ToList();
        return new GalaxyReportInput(RunId, "galaxies", new RunSpec { Family = ExperimentFamily.GalaxyPainting, GalaxyPainting = new GalaxyPaintingSpec() },
            RunState.Completed, [], null, trainResult, predicted, [], null, 55, Started, Started.AddMinutes(2));
    }

    private string Store(string jobId, string kind, double startSecond, double seconds, string? device, Dictionary<string, double> metrics)
    {
        var started = Started.AddSeconds(startSecond);
        var result = new JobResult
        {
            JobId = jobId,
            RunId = RunId,
            Kind = kind,
            Attempt = 1,
            WorkerId = "worker-a",
            Device = device,
            Metrics = metrics,
            StartedAt = started,
            FinishedAt = started.AddSeconds(seconds),
        };
        var path = BlobLayout.JobResult(RunId, jobId);
        blobs.Put(path, ContractJson.SerializeToUtf8Bytes(result));
        return path.ToString();
    }

    private async Task<(GalaxyPaintingReport Report, string Markdown)> WriteAsync(GalaxyReportInput input)
    {
        var location = await new GalaxyReportWriter(blobs, NullLogger<GalaxyReportWriter>.Instance).WriteAsync(input, TestTimeouts.After(TimeSpan.FromMinutes(1)));
        var report = JsonSerializer.Deserialize<GalaxyPaintingReport>(blobs.Read(BlobPath.Parse(location.Json)), RunReportWriter.JsonOptions)!;
        return (report, Encoding.UTF8.GetString(blobs.Read(BlobPath.Parse(location.Markdown))));
    }
}
