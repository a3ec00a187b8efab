using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Lottery;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Training;
using Workflows.Torch;
using Workflows.Torch.Npy;
using static TorchSharp.torch;

namespace Workflows.Recsys.Rounds;

/// <summary>
/// Runs one lottery-ticket round — the unit of work of the worker's <c>recsys.train-round</c> job:
/// derive this round's mask and starting weights from the strategy and earlier rounds' artifacts, train (resuming
/// from a checkpoint when one exists), select the best epoch, evaluate it, compute the next IMP mask and stream
/// every artifact to the sink.
/// </summary>
public sealed class LotteryRoundRunner
{
    private readonly Device _device;
    private readonly ILogger _logger;

    /// <summary>Runs rounds on <paramref name="device"/> (see <see cref="TorchDevices.Preferred"/>).</summary>
    public LotteryRoundRunner(Device device, ILogger<LotteryRoundRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _logger = logger ?? NullLogger<LotteryRoundRunner>.Instance;
    }

    /// <summary>
    /// Runs round <see cref="RoundSpec.Round"/> of <paramref name="spec"/> on <paramref name="dataset"/>.
    /// </summary>
    /// <param name="dataset">The prepared dataset (see <see cref="PreparedDatasetFormat"/>).</param>
    /// <param name="spec">What to run.</param>
    /// <param name="inputs">Earlier rounds' artifacts this strategy and round need (see <see cref="RoundInputs"/>).</param>
    /// <param name="artifacts">Receives <see cref="RoundArtifact.Weights"/>, <see cref="RoundArtifact.Mask"/>, <see cref="RoundArtifact.NextMask"/>, and in round 0 <see cref="RoundArtifact.RewindWeights"/>.</param>
    /// <param name="execution">Checkpoint store and per-epoch callback.</param>
    /// <param name="cancellationToken">Checked between epochs.</param>
    /// <exception cref="ArgumentException">The spec is invalid (all problems listed), or a required input is missing.</exception>
    /// <exception cref="InvalidDataException">An input artifact or checkpoint is malformed or does not fit.</exception>
    public async Task<RoundResult> RunAsync(
        PreparedDataset dataset, RoundSpec spec, RoundInputs inputs, IRoundArtifactSink artifacts,
        RoundExecutionOptions? execution = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(artifacts);
        execution ??= new RoundExecutionOptions();
        var problems = spec.Validate(dataset.Validation.Count);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid round spec: " + string.Join(" ", problems), nameof(spec));
        }

        var total = Stopwatch.StartNew();
        var rows = dataset.UserCount + dataset.ItemCount;
        long[] shape = [rows, spec.EmbeddingSize];
        var level = SparsitySchedule.At((long)rows * spec.EmbeddingSize, spec.PruningRate, spec.Round);

        var (maskValues, startWeights) = PrepareStart(spec, inputs, shape, level);
        using var model = RecommenderModel.Create(spec.Backbone, dataset.Train, spec.Layers, _device, spec.SpMM);
        using var mask = MaskTensor(maskValues, shape);
        using var state = new TrainingState(TensorSpans.FromFloats(Masked(startWeights, maskValues), shape, _device), spec.Training.LearningRate);
        var fingerprint = Fingerprint(dataset, spec);
        int? resumedFrom = null;
        if (execution.Checkpoints is { } store && await store.TryOpenLatestAsync(cancellationToken).ConfigureAwait(false) is { } checkpoint)
        {
            await using (checkpoint.ConfigureAwait(false))
            {
                state.Load(checkpoint, fingerprint);
            }

            resumedFrom = state.NextEpoch;
            _logger.LogInformation("Round {Round} resumes at epoch {Epoch} from a checkpoint", spec.Round, state.NextEpoch);
        }

        var setup = total.Elapsed;
        var trainer = new RoundTrainer(dataset, model, spec, mask, execution, _logger);
        await trainer.TrainAsync(state, fingerprint, captureRewind: spec.Round == 0, cancellationToken).ConfigureAwait(false);
        var training = total.Elapsed - setup;

        var selected = state.BestWeights ?? throw new InvalidOperationException("Training ended without an evaluation.");
        var validation = dataset.Validation.Count > 0 ? trainer.Evaluate(selected, SelectionSplit.Validation, spec.Training.ReportedKs) : null;
        var test = trainer.Evaluate(selected, SelectionSplit.Test, spec.Training.ReportedKs);
        var evaluation = total.Elapsed - setup - training;

        var selectedValues = TensorSpans.ToFloatArray(selected);
        var nextMask = MaskPruning.PruneSmallestMagnitudes(selectedValues, maskValues, SparsitySchedule.EntriesToRemove(level.RemainingEntries, spec.PruningRate));
        await SaveAsync(artifacts, RoundArtifact.Weights, NpyArray.FromFloats(selectedValues, shape), cancellationToken).ConfigureAwait(false);
        await SaveAsync(artifacts, RoundArtifact.Mask, NpyArray.FromBooleans(maskValues, shape), cancellationToken).ConfigureAwait(false);
        await SaveAsync(artifacts, RoundArtifact.NextMask, NpyArray.FromBooleans(nextMask, shape), cancellationToken).ConfigureAwait(false);
        if (spec.Round == 0)
        {
            var rewind = state.RewindWeights ?? throw new InvalidOperationException("Round 0 captured no rewind point.");
            await SaveAsync(artifacts, RoundArtifact.RewindWeights, NpyTensors.FromTensor(rewind), cancellationToken).ConfigureAwait(false);
        }

        var sparsity = new SparsityReport(level.TotalEntries, MaskPruning.CountKept(maskValues), level.PrunedThisRound, MaskPruning.CountKept(nextMask));
        var timings = new RoundTimings(setup, training, evaluation, total.Elapsed);
        _logger.LogInformation(
            "Round {Round} ({Strategy}) done: best epoch {BestEpoch}, remaining {Remaining:P2}, test Recall@{K} {Recall:F4}",
            spec.Round, spec.Strategy.ToSpecName(), state.BestEpoch, sparsity.RemainingFraction, spec.Training.SelectionK,
            test.ByK.FirstOrDefault(m => m.K == spec.Training.SelectionK)?.Recall ?? double.NaN);
        return new RoundResult(spec.Round, state.BestEpoch, state.NextEpoch, resumedFrom, validation, test, sparsity, timings, [.. state.History]);
    }

    /// <summary>This round's mask and starting weights (before masking), per strategy.</summary>
    private static (byte[] Mask, float[] Weights) PrepareStart(RoundSpec spec, RoundInputs inputs, long[] shape, SparsityLevel level)
    {
        var length = checked((int)(shape[0] * shape[1]));
        if (spec.Round == 0)
        {
            return (Ones(length), EmbeddingInitializer.Create(spec.Init, (int)shape[0], (int)shape[1], spec.InitSeed));
        }

        byte[] mask;
        float[] weights;
        switch (spec.Strategy)
        {
            case PruningStrategy.Imp:
                mask = ReadMask(inputs.PreviousNextMask, nameof(RoundInputs.PreviousNextMask), shape);
                weights = ReadWeights(inputs.RewindWeights, nameof(RoundInputs.RewindWeights), shape);
                break;
            case PruningStrategy.ImpNoRewind:
                mask = ReadMask(inputs.PreviousNextMask, nameof(RoundInputs.PreviousNextMask), shape);
                weights = ReadWeights(inputs.PreviousWeights, nameof(RoundInputs.PreviousWeights), shape);
                break;
            case PruningStrategy.Omp:
                var dense = ReadWeights(inputs.PreviousWeights, nameof(RoundInputs.PreviousWeights), shape);
                mask = MaskPruning.PruneSmallestMagnitudes(dense, Ones(length), length - level.RemainingEntries);
                weights = ReadWeights(inputs.RewindWeights, nameof(RoundInputs.RewindWeights), shape);
                break;
            case PruningStrategy.Random:
                mask = MaskPruning.RandomMask(length, level.RemainingEntries, spec.RandomSeed, (ulong)spec.Round);
                weights = EmbeddingInitializer.Create(spec.Init, (int)shape[0], (int)shape[1], spec.RandomSeed);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Strategy, "Unknown strategy.");
        }

        var kept = MaskPruning.CountKept(mask);
        if (kept != level.RemainingEntries)
        {
            throw new InvalidDataException($"The mask of round {spec.Round} keeps {kept} entries; the schedule says {level.RemainingEntries} (is {nameof(RoundInputs.PreviousNextMask)} from round {spec.Round - 1}?).");
        }

        return (mask, weights);
    }

    private static byte[] ReadMask(Stream? stream, string input, long[] shape)
    {
        var array = ReadArray(stream, input, shape);
        return array.AsBooleans().ToArray();
    }

    private static float[] ReadWeights(Stream? stream, string input, long[] shape) => ReadArray(stream, input, shape).AsFloats().ToArray();

    private static NpyArray ReadArray(Stream? stream, string input, long[] shape)
    {
        if (stream is null)
        {
            throw new ArgumentException($"RoundInputs.{input} is required for this strategy and round.", nameof(stream));
        }

        var array = NpyFormat.Read(stream, $"RoundInputs.{input}");
        if (!array.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException($"RoundInputs.{input}: shape [{string.Join(", ", array.Shape)}] does not match the table [{string.Join(", ", shape)}].");
        }

        return array;
    }

    private Tensor MaskTensor(byte[] mask, long[] shape) =>
        TensorSpans.FromFloats(mask.Select(m => (float)m).ToArray(), shape, _device);

    private static float[] Masked(float[] weights, byte[] mask)
    {
        var result = new float[weights.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = mask[i] == 0 ? 0f : weights[i];
        }

        return result;
    }

    private static byte[] Ones(int length)
    {
        var mask = new byte[length];
        Array.Fill(mask, (byte)1);
        return mask;
    }

    private static async Task SaveAsync(IRoundArtifactSink sink, RoundArtifact artifact, NpyArray array, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        NpyFormat.Write(buffer, array);
        buffer.Position = 0;
        await sink.SaveAsync(artifact, buffer, cancellationToken).ConfigureAwait(false);
    }

    private static string Fingerprint(PreparedDataset dataset, RoundSpec spec) =>
        $"{dataset.Name}|{dataset.UserCount}x{dataset.ItemCount}|{dataset.Train.Count}/{dataset.Validation.Count}/{dataset.Test.Count}|{JsonSerializer.Serialize(spec)}";
}
