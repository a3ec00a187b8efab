using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Prediction;
using Workflows.Cosmology.Tiling;
using Workflows.Cosmology.Training;
using Workflows.Jobs.Processing;
using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Cosmology;
using Workflows.Torch;
using static TorchSharp.torch;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// <c>cosmo.train</c>: trains the two-phase cascade on the training pair (spatially blocked split, haloed crops as the spec
/// tiles them). Resumes from the job's checkpoint, checkpoints and heartbeats after every epoch and stops between epochs
/// when the run is cancelled; writes the trained model as artifact <see cref="CosmoArtifacts.Model"/> and its count
/// calibration as metric <see cref="CalibrationScaleMetric"/>.
/// </summary>
public sealed class CosmoTrainHandler(IOptions<WorkerOptions> workerOptions, ILogger<CascadeTraining> engineLogger) : IJobHandler
{
    /// <summary>
    /// The metric holding the trained cascade's <see cref="CountCalibration"/>: true over predicted total on the training
    /// region of the training box, predicted tile by tile as the workers do; absent when the cascade predicts no galaxies there.
    /// </summary>
    public const string CalibrationScaleMetric = "calibration-scale";

    private readonly Device device = TorchDevices.Parse(workerOptions.Value.Device);

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var parameters = message.ParametersAs<CosmoTrainParameters>();
        var spec = parameters.Spec;
        var darkMatter = await GridBlob.ReadAllAsync(context.Blobs, InputPath(message, CosmoJobInputs.DarkMatter), cancellationToken).ConfigureAwait(false);
        var galaxies = await GridBlob.ReadAllAsync(context.Blobs, InputPath(message, CosmoJobInputs.Galaxies), cancellationToken).ConfigureAwait(false);
        var split = RegionSplit.Blocked(new TileLattice(darkMatter.Shape, GalaxySpecs.TrainingTiling(spec, parameters.Periodic)));
        var data = new TrainingData(darkMatter, galaxies, split);

        var checkpoint = await context.LoadCheckpointAsync(cancellationToken).ConfigureAwait(false);
        int resumedFrom = checkpoint?.Epoch ?? 0;
        using var training = checkpoint is null
            ? CascadeTraining.Start(GalaxySpecs.Model(spec), GalaxySpecs.Training(spec), data, device, engineLogger)
            : CascadeTraining.Resume(new MemoryStream(checkpoint.State.ToArray(), writable: false), data, device, engineLogger);
        int totalEpochs = spec.ClassifierEpochs + spec.RegressorEpochs;
        int done = resumedFrom;
        while (!training.IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epoch = training.RunEpoch();
            done++;
            using (var state = new MemoryStream())
            {
                training.SaveCheckpoint(state);
                await context.SaveCheckpointAsync(done, state.GetBuffer().AsMemory(0, (int)state.Length), cancellationToken).ConfigureAwait(false);
            }

            await context.EpochCompletedAsync(done, totalEpochs, new Dictionary<string, double>
            {
                [$"{Phase(epoch.Phase)}.train-loss"] = epoch.TrainLoss,
                [$"{Phase(epoch.Phase)}.validation-loss"] = epoch.ValidationLoss,
            }, cancellationToken).ConfigureAwait(false);
        }

        string model;
        CountCalibration? calibration;
        using (var weights = new MemoryStream())
        {
            training.Model.Save(weights);
            weights.Position = 0;
            model = await context.WriteArtifactAsync("model.bin", weights, cancellationToken).ConfigureAwait(false);
            weights.Position = 0;
            using var trained = CascadeModel.Load(weights, device);
            calibration = CountCalibration.TryFit(VolumePrediction.PredictTiled(trained, darkMatter, data.Tiling), galaxies, split.Regions(SplitRole.Train));
        }

        var history = training.State.History;
        var metrics = new Dictionary<string, double> { ["epochs"] = history.Count, ["resumed-from-epoch"] = resumedFrom };
        foreach (var phase in history.GroupBy(e => e.Phase))
        {
            metrics[$"{Phase(phase.Key)}.best-validation-loss"] = phase.Min(e => e.ValidationLoss);
        }

        if (calibration is not null)
        {
            metrics[CalibrationScaleMetric] = calibration.Scale;
        }

        var details = new CosmoTrainDetails(resumedFrom, device.ToString(), [.. history.Select(e => new CosmoTrainDetails.Epoch(Phase(e.Phase), e.Epoch, e.TrainLoss, e.ValidationLoss))]);
        return new JobHandlerResult(metrics, new Dictionary<string, string> { [CosmoArtifacts.Model] = model },
            JsonSerializer.SerializeToElement(details, ContractJson.Options));
    }

    internal static BlobPath InputPath(JobMessage message, string input) =>
        message.Inputs.TryGetValue(input, out var path)
            ? BlobPath.Parse(path)
            : throw new ContractValidationException($"job {message.JobId}", [new ValidationError($"inputs.{input}", "missing")]);

    private static string Phase(TrainingPhase phase) => phase == TrainingPhase.Classifier ? "classifier" : "regressor";
}

/// <summary>The <c>details</c> of a <c>cosmo.train</c> result: where it resumed, the device, and every epoch's losses.</summary>
public sealed record CosmoTrainDetails(int ResumedFromEpoch, string Device, IReadOnlyList<CosmoTrainDetails.Epoch> Epochs)
{
    public sealed record Epoch(string Phase, int Number, double TrainLoss, double ValidationLoss);
}
