using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Prediction;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Jobs.Cosmology;
using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workflows.Jobs.Tests.Cosmology;

[Collection(JobsCollection.Name)]
public sealed class CosmoTrainHandlerTests(JobsStack stack, ITestOutputHelper output)
{
    private const string Events = "ev-cosmo-train";

    /// <summary>Reproduce-mode 8³ tiles of a 16³ box, the halo-exact model, five epochs in all.</summary>
    private static readonly GalaxyPaintingSpec Spec = new()
    {
        TilingMode = "reproduce", TileSize = 8, ModelPreset = "halo-exact", ClassifierEpochs = 3, RegressorEpochs = 2, BatchSize = 4,
    };

    /// <summary>
    /// A run cancelled once the first checkpoint exists stops between epochs (outcome cancelled, no result); the next
    /// attempt resumes from the checkpoint and ends with the same model, byte for byte, as an uninterrupted job.
    /// </summary>
    [Fact]
    public async Task CancelledAfterAnEpoch_NextAttemptResumesFromTheCheckpoint_AndTrainsTheSameModelAsAStraightRun()
    {
        var ct = TestTimeouts.After(TimeSpan.FromMinutes(2));
        await using var services = await stack.CreateServicesAsync(output, "jobs-misc", Events);
        var blobs = services.GetRequiredService<IBlobStore>();
        var runner = services.GetRequiredService<JobRunner>();
        var universe = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 16, BoxSize = 25, Seed = 3, Rule = GalaxyRule.NonLocal, TargetOccupancy = 0.02 });
        var straight = await TrainJobAsync(blobs, universe, attempt: 1, ct);
        var interrupted = await TrainJobAsync(blobs, universe, attempt: 1, ct);

        Assert.Equal(JobDisposition.Complete, await runner.RunAsync(straight, ct));
        var running = runner.RunAsync(interrupted, ct);
        while (await blobs.GetVersionAsync(BlobLayout.Checkpoint(interrupted.RunId, interrupted.JobId), ct) is null)
        {
            await Task.Delay(20, ct);
        }

        Assert.True(await blobs.TryCreateAsync(BlobLayout.CancelMarker(interrupted.RunId), "{}"u8.ToArray(), ct));
        Assert.Equal(JobDisposition.Complete, await running);
        var checkpoint = await blobs.TryReadAsync(BlobLayout.Checkpoint(interrupted.RunId, interrupted.JobId), ct);
        int stoppedAt = BitConverter.ToInt32(checkpoint!.Data.Span[4..8]);
        Assert.InRange(stoppedAt, 1, 4);
        Assert.Null(await blobs.GetVersionAsync(BlobLayout.JobResult(interrupted.RunId, interrupted.JobId), ct));
        Assert.True(await blobs.DeleteAsync(BlobLayout.CancelMarker(interrupted.RunId), ct));
        Assert.Equal(JobDisposition.Complete, await runner.RunAsync(interrupted with { Attempt = 2 }, ct));

        var outcomes = await JobsStack.ReceiveOutcomesAsync(services, Events, 3, ct);
        Assert.Equal([JobStatus.Succeeded, JobStatus.Cancelled, JobStatus.Succeeded], outcomes.Select(o => o.Status));
        var resumed = await ResultAsync(blobs, interrupted, ct);
        Assert.Equal((2, stoppedAt, 5.0), (resumed.Attempt, (int)resumed.Metrics["resumed-from-epoch"], resumed.Metrics["epochs"]));
        Assert.Equal(0, (await ResultAsync(blobs, straight, ct)).Metrics["resumed-from-epoch"]);
        byte[] model = await ModelAsync(blobs, straight, ct);
        Assert.Equal(model, await ModelAsync(blobs, interrupted, ct));
        Assert.Equal(Calibration(model, universe), resumed.Metrics[CosmoTrainHandler.CalibrationScaleMetric]);
    }

    /// <summary>The count calibration of a trained model: true over predicted total on the training tiles, predicted tile by tile.</summary>
    private static double Calibration(byte[] model, SyntheticUniverse universe)
    {
        var tiling = new TilingSpec(Spec.TileSize);
        using var cascade = CascadeModel.Load(new MemoryStream(model), CPU);
        var split = RegionSplit.Blocked(new TileLattice(universe.DarkMatter.Shape, tiling));
        return CountCalibration.Fit(VolumePrediction.PredictTiled(cascade, universe.DarkMatter, tiling), universe.Galaxies, split.Regions(SplitRole.Train)).Scale;
    }

    private static async Task<JobMessage> TrainJobAsync(IBlobStore blobs, SyntheticUniverse universe, int attempt, CancellationToken ct)
    {
        string runId = JobsStack.NewRunId();
        var darkMatter = BlobLayout.Prepared(runId, "dm-train.npy");
        var galaxies = BlobLayout.Prepared(runId, "galaxies-train.npy");
        await blobs.WriteAsync(darkMatter, new MemoryStream(NpyBytes.Of(universe.DarkMatter)), ct);
        await blobs.WriteAsync(galaxies, new MemoryStream(NpyBytes.Of(universe.Galaxies)), ct);
        return JobsStack.Job(runId, JobKinds.CosmoTrain, attempt, step: "train") with
        {
            Inputs = new Dictionary<string, string> { [CosmoJobInputs.DarkMatter] = darkMatter.ToString(), [CosmoJobInputs.Galaxies] = galaxies.ToString() },
            Parameters = JobMessage.ToParameters(new CosmoTrainParameters(Spec, Periodic: true)),
        };
    }

    private static async Task<JobResult> ResultAsync(IBlobStore blobs, JobMessage job, CancellationToken ct)
    {
        var path = BlobLayout.JobResult(job.RunId, job.JobId);
        return ContractJson.Deserialize<JobResult>((await blobs.TryReadAsync(path, ct))!.Data.Span, path.ToString());
    }

    private static async Task<byte[]> ModelAsync(IBlobStore blobs, JobMessage job, CancellationToken ct) =>
        (await blobs.TryReadAsync(BlobPath.Parse((await ResultAsync(blobs, job, ct)).Artifacts[CosmoArtifacts.Model]), ct))!.Data.ToArray();
}
