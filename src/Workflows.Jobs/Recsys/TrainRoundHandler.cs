using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Jobs.Processing;
using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Recsys;
using Workflows.Recsys.Data;
using Workflows.Recsys.Evaluation;
using Workflows.Recsys.Rounds;
using Workflows.Torch;
using Workflows.Torch.Npy;
using static TorchSharp.torch;

namespace Workflows.Jobs.Recsys;

/// <summary>
/// <c>recsys.train-round</c>: one lottery-ticket round on the recommender engine. Reads the prepared dataset and the
/// artifacts of the rounds this one builds on (through their <c>result.json</c>), resumes from the job's checkpoint,
/// reports every epoch as a heartbeat, and streams weights and masks into the attempt's folder.
/// </summary>
public sealed class TrainRoundHandler(
    IBlobStore blobs,
    PreparedDatasetCache datasets,
    IOptions<WorkerOptions> workerOptions,
    ILogger<LotteryRoundRunner> engineLogger) : IJobHandler
{
    private static readonly IReadOnlyDictionary<string, string> Software =
        new Dictionary<string, string>(TorchVersions.Current(), StringComparer.Ordinal) { [TrainRoundDetails.WorkflowsSoftware] = BuildInfo.VersionOf(typeof(TrainRoundHandler)) };

    private readonly Device device = TorchDevices.Parse(workerOptions.Value.Device);

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var parameters = message.ParametersAs<TrainRoundParameters>();
        var spec = TrainRoundSpecs.ToRoundSpec(parameters, message.JobId);
        var dataset = await datasets.GetAsync(InputPath(message, TrainRoundInputs.Dataset), cancellationToken).ConfigureAwait(false);
        TrainRoundSpecs.ThrowIfInvalid(spec, dataset, message.JobId);

        await using var inputs = await OpenInputsAsync(message, parameters, cancellationToken).ConfigureAwait(false);
        var sink = new AttemptArtifactSink(context);
        var execution = new RoundExecutionOptions
        {
            Checkpoints = new JobCheckpointStore(context),
            OnEpochCompleted = (progress, token) => new ValueTask(context.EpochCompletedAsync(
                progress.Epoch + 1, progress.MaxEpochs, EpochMetrics(progress), token)),
        };

        var result = await new LotteryRoundRunner(device, engineLogger)
            .RunAsync(dataset, spec, inputs.Round, sink, execution, cancellationToken).ConfigureAwait(false);
        if (result.Sparsity.RemainingWeights != parameters.TargetNonZeros)
        {
            throw new InvalidOperationException(
                $"round {parameters.Round} trained under {result.Sparsity.RemainingWeights} non-zeros; the orchestration planned {parameters.TargetNonZeros}");
        }

        var metrics = RoundMetrics(result);
        if (message.Inputs.ContainsKey(TrainRoundInputs.Ticket))
        {
            foreach (var (name, value) in await EvaluateTicketAsync(message, dataset, spec, cancellationToken).ConfigureAwait(false))
            {
                metrics[name] = value;
            }
        }

        return new JobHandlerResult(metrics, sink.Written, JsonSerializer.SerializeToElement(Details(result), ContractJson.Options));
    }

    private TrainRoundDetails Details(RoundResult result) => new(
        result.EpochsRun, result.Sparsity.NextRemainingWeights,
        result.Timings.Setup.TotalSeconds, result.Timings.Training.TotalSeconds, result.Timings.Evaluation.TotalSeconds,
        [.. result.History.Select(e => Math.Round(e.Loss, 6))],
        [.. result.History.Where(e => e.SelectionRecall is not null).Select(e => new TrainRoundDetails.Evaluation(e.Epoch, e.SelectionRecall!.Value))],
        result.ResumedFromEpoch, device.ToString(), Software);

    private async Task<OpenedInputs> OpenInputsAsync(JobMessage message, TrainRoundParameters parameters, CancellationToken cancellationToken)
    {
        var opened = new OpenedInputs();
        try
        {
            async Task<Stream> OpenAsync(string input, string artifact)
            {
                var stream = await OpenArtifactAsync(message, input, artifact, cancellationToken).ConfigureAwait(false);
                opened.Streams.Add(stream);
                return stream;
            }

            // A retrain of a promoted ticket trains under the ticket's own mask instead of pruning an earlier round.
            bool retrain = message.Inputs.ContainsKey(TrainRoundInputs.Ticket);
            opened.Round = parameters.Round == 0 ? RoundInputs.None : parameters.Strategy switch
            {
                PruningStrategies.Imp => new RoundInputs
                {
                    RewindWeights = await OpenAsync(TrainRoundInputs.Rewind, TrainRoundArtifacts.RewindWeights).ConfigureAwait(false),
                    PreviousNextMask = retrain
                        ? await OpenAsync(TrainRoundInputs.Ticket, TrainRoundArtifacts.Mask).ConfigureAwait(false)
                        : await OpenAsync(TrainRoundInputs.PruneFrom, TrainRoundArtifacts.NextMask).ConfigureAwait(false),
                },
                PruningStrategies.ImpNoRewind => new RoundInputs
                {
                    PreviousWeights = await OpenAsync(TrainRoundInputs.PruneFrom, TrainRoundArtifacts.BestWeights).ConfigureAwait(false),
                    PreviousNextMask = await OpenAsync(TrainRoundInputs.PruneFrom, TrainRoundArtifacts.NextMask).ConfigureAwait(false),
                },
                PruningStrategies.OneShot => new RoundInputs
                {
                    RewindWeights = await OpenAsync(TrainRoundInputs.Rewind, TrainRoundArtifacts.RewindWeights).ConfigureAwait(false),
                    PreviousWeights = await OpenAsync(TrainRoundInputs.PruneFrom, TrainRoundArtifacts.BestWeights).ConfigureAwait(false),
                },
                _ => RoundInputs.None,
            };
            return opened;
        }
        catch
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The champion's side of a retrain: the promoted ticket's selected weights scored on this dataset's test split, the
    /// same split the challenger's <see cref="TrainRoundMetrics.TestRecall20"/> comes from.
    /// </summary>
    private async Task<Dictionary<string, double>> EvaluateTicketAsync(JobMessage message, PreparedDataset dataset, RoundSpec spec, CancellationToken cancellationToken)
    {
        NpyArray weights;
        await using (var stream = await OpenArtifactAsync(message, TrainRoundInputs.Ticket, TrainRoundArtifacts.BestWeights, cancellationToken).ConfigureAwait(false))
        {
            weights = NpyFormat.Read(stream, $"{TrainRoundInputs.Ticket} {TrainRoundArtifacts.BestWeights}");
        }

        var test = TicketEvaluator.EvaluateTest(dataset, spec, weights, device).At(TrainRoundSpecs.SelectionK);
        return new Dictionary<string, double>
        {
            [TrainRoundMetrics.ChampionTestRecall20] = test.Recall,
            [TrainRoundMetrics.ChampionTestNdcg20] = test.Ndcg,
        };
    }

    /// <summary>Opens the named artifact of the job whose <c>result.json</c> is input <paramref name="input"/>.</summary>
    private async Task<Stream> OpenArtifactAsync(JobMessage message, string input, string artifact, CancellationToken cancellationToken)
    {
        var resultPath = InputPath(message, input);
        var content = await blobs.TryReadAsync(resultPath, cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(resultPath);
        var result = ContractJson.Deserialize<JobResult>(content.Data.Span, resultPath.ToString());
        if (!result.Artifacts.TryGetValue(artifact, out var artifactPath))
        {
            throw new ContractValidationException(resultPath.ToString(), [new ValidationError("artifacts", $"no '{artifact}' artifact")]);
        }

        return await blobs.OpenReadAsync(BlobPath.Parse(artifactPath), cancellationToken).ConfigureAwait(false);
    }

    private static BlobPath InputPath(JobMessage message, string input) =>
        message.Inputs.TryGetValue(input, out var path)
            ? BlobPath.Parse(path)
            : throw new ContractValidationException($"job {message.JobId}", [new ValidationError($"inputs.{input}", "missing")]);

    private static Dictionary<string, double> EpochMetrics(EpochProgress progress)
    {
        var metrics = new Dictionary<string, double> { ["loss"] = progress.Loss, ["best.selection.recall@20"] = progress.BestSelectionRecall };
        if (progress.SelectionRecall is { } recall)
        {
            metrics["selection.recall@20"] = recall;
        }

        return metrics;
    }

    /// <summary>
    /// <see cref="TrainRoundMetrics.ValidationRecall20"/> is the Recall@20 of the split that selected the checkpoint:
    /// validation, or test when the spec asks for the study's <c>selection: test</c> (the report says which).
    /// </summary>
    private static Dictionary<string, double> RoundMetrics(RoundResult result)
    {
        var selection = result.Validation ?? result.Test;
        var test = result.Test.At(20);
        return new Dictionary<string, double>
        {
            [TrainRoundMetrics.ValidationRecall20] = selection.At(20).Recall,
            [TrainRoundMetrics.ValidationNdcg20] = selection.At(20).Ndcg,
            [TrainRoundMetrics.TestRecall20] = test.Recall,
            [TrainRoundMetrics.TestNdcg20] = test.Ndcg,
            ["test.precision@20"] = test.Precision,
            ["test.hitrate@20"] = test.HitRate,
            [TrainRoundMetrics.NonZeros] = result.Sparsity.RemainingWeights,
            [TrainRoundMetrics.BestEpoch] = result.BestEpoch,
        };
    }

    private sealed class OpenedInputs : IAsyncDisposable
    {
        public List<Stream> Streams { get; } = [];

        public RoundInputs Round { get; set; } = RoundInputs.None;

        public async ValueTask DisposeAsync()
        {
            foreach (var stream in Streams)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Streams each engine artifact into the attempt's folder under its <see cref="TrainRoundArtifacts"/> name.</summary>
    private sealed class AttemptArtifactSink(JobContext context) : IRoundArtifactSink
    {
        private readonly Dictionary<string, string> written = [];

        public IReadOnlyDictionary<string, string> Written => written;

        public async Task SaveAsync(RoundArtifact artifact, Stream content, CancellationToken cancellationToken)
        {
            string name = artifact switch
            {
                RoundArtifact.Weights => TrainRoundArtifacts.BestWeights,
                RoundArtifact.Mask => TrainRoundArtifacts.Mask,
                RoundArtifact.NextMask => TrainRoundArtifacts.NextMask,
                RoundArtifact.RewindWeights => TrainRoundArtifacts.RewindWeights,
                _ => throw new ArgumentOutOfRangeException(nameof(artifact), artifact, "unknown round artifact"),
            };
            written[name] = await context.WriteArtifactAsync($"{name}.npy", content, cancellationToken).ConfigureAwait(false);
        }
    }
}
