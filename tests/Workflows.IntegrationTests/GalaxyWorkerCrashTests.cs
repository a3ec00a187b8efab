using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(FaultStackCollection.Name)]
public sealed class GalaxyWorkerCrashTests(FaultStackFixture fixture)
{
    /// <summary>
    /// Reproduce mode, CPU preset: a 128³ target in 64 tiles of 32³, two prediction jobs of 32 tiles in one wave, one per
    /// worker. The worker of one job is killed a few tiles in; the stale heartbeat makes the orchestration dispatch the job
    /// again, the surviving worker redoes all of its tiles once (attempt 2), and the stitched grid equals the in-process
    /// prediction, so no tile is missing or doubled.
    /// </summary>
    private const string Spec = """
        {
          "family": "galaxy-painting",
          "galaxyPainting": {
            "tilingMode": "reproduce", "tileSize": 32, "modelPreset": "cpu-small",
            "classifierEpochs": 1, "regressorEpochs": 1, "batchSize": 4, "tilesPerJob": 32, "waveWidth": 2
          },
          "jobDeadline": "00:10:00"
        }
        """;

    /// <remarks>About two minutes (a 128³ target, a 10 s stale heartbeat): opt-in, see <c>.ci/run</c>.</remarks>
    [Fact]
    [Trait("Category", "Long")]
    public async Task WorkerKilledDuringAPredictWave_ItsTilesAreRedoneOnce_NoneMissingOrDoubled()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(8));
        const string name = "cosmo-crash";
        var dataset = GalaxyDataset.Create(name, trainingSize: 64, targetSize: 128, Spec);
        string runId = await fixture.WaitForRunIdAsync(name, await fixture.UploadDatasetAsync(name, dataset.Files, dataset.Manifest, cancellationToken), cancellationToken);
        var (jobId, progress) = await WaitForPredictingAsync(runId, cancellationToken);
        int victim = FaultStackFixture.WorkerIndex(progress.WorkerId);
        await fixture.Stack.KillWorkerAsync(victim);
        RunStatus final;
        try
        {
            final = await fixture.WaitUntilFinishedAsync(runId, cancellationToken);
        }
        finally
        {
            await fixture.Stack.StartWorkerAsync(CancellationToken.None, victim);
        }

        Assert.True(final.State == RunState.Completed, $"run ended {final.State}: {string.Join("; ", final.Errors)}");
        var result = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(runId, jobId).Name, cancellationToken);
        Assert.Equal(2, result.Attempt);
        Assert.NotEqual(progress.WorkerId, result.WorkerId);
        Assert.Equal(32, result.Artifacts.Count);
        Assert.All(result.Artifacts.Values, path => Assert.StartsWith($"{BlobLayout.RunsContainer}/{BlobLayout.AttemptPrefix(runId, jobId, 2)}tiles/", path));
        var firstAttemptTiles = (await fixture.ListRunBlobsAsync(BlobLayout.AttemptPrefix(runId, jobId, 1), cancellationToken)).Count(n => n.EndsWith(".npy", StringComparison.Ordinal));
        Assert.InRange(firstAttemptTiles, progress.Epoch, 31);

        var report = await fixture.ReadRunBlobAsync<Workflows.Reporting.GalaxyPaintingReport>(BlobLayout.ReportJson(runId).Name, cancellationToken);
        Assert.Equal([CosmoJobIds.Predict(runId, 0), CosmoJobIds.Predict(runId, 1)], report.PredictJobs);
        Assert.Empty(report.RedoneJobs);
        var spec = RunSpec.Parse(System.Text.Encoding.UTF8.GetBytes(Spec), "spec").GalaxyPainting!;
        var stitched = await GalaxyRunOutputs.PredictionAsync(fixture, runId, cancellationToken);
        Assert.Equal(dataset.PredictWhole(await GalaxyRunOutputs.ModelAsync(fixture, runId, cancellationToken), spec).Data, stitched.Data);
    }

    /// <summary>The first prediction job to report two finished tiles (of 32), and its heartbeat.</summary>
    private async Task<(string JobId, JobProgress Progress)> WaitForPredictingAsync(string runId, CancellationToken cancellationToken)
    {
        string[] jobs = [CosmoJobIds.Predict(runId, 0), CosmoJobIds.Predict(runId, 1)];
        var runs = fixture.Blobs.GetBlobContainerClient(BlobLayout.RunsContainer);
        while (true)
        {
            foreach (string jobId in jobs)
            {
                var blob = runs.GetBlobClient(BlobLayout.JobProgress(runId, jobId).Name);
                if (await blob.ExistsAsync(cancellationToken))
                {
                    var progress = await fixture.ReadRunBlobAsync<JobProgress>(blob.Name, cancellationToken);
                    if (progress.Epoch >= 2)
                    {
                        return (jobId, progress);
                    }
                }
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
