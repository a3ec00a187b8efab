using Workflows.Lottery;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Rounds;
using Workflows.Torch.Checkpoints;
using Workflows.Torch.Npy;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class LotteryRoundRunnerTests
{
    private static readonly PreparedDataset Dataset = TestData.Synthetic();

    private static RoundSpec Spec(PruningStrategy strategy, int round, Backbone backbone = Backbone.Mf) => new()
    {
        Backbone = backbone,
        Strategy = strategy,
        Round = round,
        EmbeddingSize = 8,
        Layers = 2,
        InitSeed = 11,
        RandomSeed = 12,
        SamplerSeed = 13,
        PruningRate = 0.2,
        Training = new TrainingOptions { BatchSize = 32, MaxEpochs = 6, EvaluateEvery = 2, Patience = 10, ReportedKs = [5, 10], SelectionK = 10 },
    };

    // Adam moves each weight by at most about the learning rate; 1e-30 is far below a float32 ulp of these weights,
    // so training leaves them bit for bit unchanged while running every other step of the round.
    private const double FrozenLearningRate = 1e-30;

    private static long TotalWeights => (long)(Dataset.UserCount + Dataset.ItemCount) * 8;

    private static async Task<(RoundResult Result, InMemoryRoundArtifacts Artifacts)> RunAsync(
        RoundSpec spec, RoundInputs? inputs = null, RoundExecutionOptions? execution = null, CancellationToken cancellationToken = default)
    {
        var artifacts = new InMemoryRoundArtifacts();
        var result = await new LotteryRoundRunner(CPU).RunAsync(Dataset, spec, inputs ?? RoundInputs.None, artifacts, execution, cancellationToken);
        return (result, artifacts);
    }

    private static NpyArray Read(InMemoryRoundArtifacts artifacts, RoundArtifact artifact) => NpyFormat.Read(artifacts.OpenRead(artifact));

    private static long NonZeros(NpyArray weights) => weights.AsFloats().ToArray().LongCount(w => w != 0);

    [Fact]
    public async Task RunAsync_Round0_WritesDenseArtifactsAndRewindEqualsInitBitForBit()
    {
        var (result, artifacts) = await RunAsync(Spec(PruningStrategy.Imp, 0));

        var rewind = Read(artifacts, RoundArtifact.RewindWeights);
        var init = EmbeddingInitializer.Create(EmbeddingInit.Xavier, Dataset.UserCount + Dataset.ItemCount, 8, seed: 11);
        Assert.Equal(init, rewind.AsFloats().ToArray());
        Assert.Equal(TotalWeights, MaskPruning.CountKept(Read(artifacts, RoundArtifact.Mask).AsBooleans()));
        Assert.Equal(SparsitySchedule.At(TotalWeights, 0.2, 1).RemainingEntries, MaskPruning.CountKept(Read(artifacts, RoundArtifact.NextMask).AsBooleans()));
        Assert.Equal(TotalWeights, NonZeros(Read(artifacts, RoundArtifact.Weights)));
        Assert.Equal(6, result.EpochsRun);
        Assert.Equal([1, 3, 5], result.History.Where(h => h.SelectionRecall is not null).Select(h => h.Epoch));
        Assert.Equal(result.History.Where(h => h.SelectionRecall is not null).Max(h => h.SelectionRecall!.Value), result.Validation!.At(10).Recall, 12);
    }

    [Fact]
    public async Task RunAsync_ImpRounds_MasksShrinkByExactCountsAndExportedNonZerosMatch()
    {
        var (_, previous) = await RunAsync(Spec(PruningStrategy.Imp, 0));
        var rewind = previous.Bytes(RoundArtifact.RewindWeights);

        for (var round = 1; round <= 2; round++)
        {
            var inputs = new RoundInputs { RewindWeights = new MemoryStream(rewind), PreviousNextMask = previous.OpenRead(RoundArtifact.NextMask) };
            var (result, artifacts) = await RunAsync(Spec(PruningStrategy.Imp, round), inputs);

            var mask = Read(artifacts, RoundArtifact.Mask).AsBooleans().ToArray();
            var weights = Read(artifacts, RoundArtifact.Weights).AsFloats().ToArray();
            Assert.Equal(previous.Bytes(RoundArtifact.NextMask), artifacts.Bytes(RoundArtifact.Mask));
            Assert.Equal(SparsitySchedule.At(TotalWeights, 0.2, round).RemainingEntries, result.Sparsity.RemainingWeights);
            Assert.Equal(SparsitySchedule.At(TotalWeights, 0.2, round).PrunedThisRound, result.Sparsity.PrunedThisRound);
            Assert.Equal(result.Sparsity.RemainingWeights, weights.LongCount(w => w != 0));
            Assert.All(Enumerable.Range(0, mask.Length).Where(i => mask[i] == 0), i => Assert.Equal(0f, weights[i]));
            Assert.Equal(SparsitySchedule.At(TotalWeights, 0.2, round + 1).RemainingEntries, result.Sparsity.NextRemainingWeights);
            previous = artifacts;
        }
    }

    [Fact]
    public async Task RunAsync_InterruptedThenResumed_EqualsUninterruptedRunBitForBit()
    {
        var spec = Spec(PruningStrategy.Imp, 0, Backbone.LightGcn);
        var (uninterrupted, expected) = await RunAsync(spec);
        var store = new InMemoryCheckpointStore();
        using var cancellation = new CancellationTokenSource();
        var crashing = new RoundExecutionOptions
        {
            Checkpoints = store,
            OnEpochCompleted = (progress, _) =>
            {
                if (progress.Epoch == 2)
                {
                    cancellation.Cancel();
                }

                return ValueTask.CompletedTask;
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(spec, execution: crashing, cancellationToken: cancellation.Token));
        var (resumed, actual) = await RunAsync(spec, execution: new RoundExecutionOptions { Checkpoints = store });

        Assert.Equal(3, resumed.ResumedFromEpoch);
        Assert.Equal(uninterrupted.History, resumed.History);
        Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
        foreach (var artifact in new[] { RoundArtifact.Weights, RoundArtifact.NextMask, RoundArtifact.RewindWeights })
        {
            Assert.Equal(expected.Bytes(artifact), actual.Bytes(artifact));
        }

        Assert.Equal(uninterrupted.Test.At(10), resumed.Test.At(10));
    }

    [Fact]
    public async Task RunAsync_LateRewind_RewindEqualsWeightsAfterKEpochs()
    {
        var late = Spec(PruningStrategy.Imp, 0) with { RewindEpoch = 2 };
        var twoEpochs = Spec(PruningStrategy.Imp, 0) with { Training = late.Training with { MaxEpochs = 2, EvaluateEvery = 2 } };

        var (_, lateArtifacts) = await RunAsync(late);
        var (_, shortArtifacts) = await RunAsync(twoEpochs);

        // The short run's only evaluation is after epoch index 1, so its selected weights are the weights after 2 epochs.
        Assert.Equal(shortArtifacts.Bytes(RoundArtifact.Weights), lateArtifacts.Bytes(RoundArtifact.RewindWeights));
    }

    [Fact]
    public async Task RunAsync_OmpAndRandomLevels_KeepScheduledCountsFromRoundZeroOnly()
    {
        var (_, dense) = await RunAsync(Spec(PruningStrategy.Imp, 0));
        var level = SparsitySchedule.At(TotalWeights, 0.2, 3);

        var (omp, ompArtifacts) = await RunAsync(Spec(PruningStrategy.Omp, 3), new RoundInputs
        {
            RewindWeights = dense.OpenRead(RoundArtifact.RewindWeights),
            PreviousWeights = dense.OpenRead(RoundArtifact.Weights),
        });
        var (random, randomArtifacts) = await RunAsync(Spec(PruningStrategy.Random, 3));

        Assert.Equal(level.RemainingEntries, omp.Sparsity.RemainingWeights);
        Assert.Equal(level.RemainingEntries, random.Sparsity.RemainingWeights);
        var denseWeights = Read(dense, RoundArtifact.Weights).AsFloats().ToArray();
        var expectedOmpMask = MaskPruning.PruneSmallestMagnitudes(denseWeights, Enumerable.Repeat((byte)1, denseWeights.Length).ToArray(), TotalWeights - level.RemainingEntries);
        Assert.Equal(expectedOmpMask, Read(ompArtifacts, RoundArtifact.Mask).AsBooleans().ToArray());
        Assert.NotEqual(ompArtifacts.Bytes(RoundArtifact.Mask), randomArtifacts.Bytes(RoundArtifact.Mask));
        Assert.Equal(level.RemainingEntries, NonZeros(Read(randomArtifacts, RoundArtifact.Weights)));
    }

    [Fact]
    public async Task RunAsync_ImpNoRewindRound_StartsFromThePreviousRoundsTrainedWeights()
    {
        var (_, round0) = await RunAsync(Spec(PruningStrategy.ImpNoRewind, 0));
        var frozen = Spec(PruningStrategy.ImpNoRewind, 1) with { Training = Spec(PruningStrategy.ImpNoRewind, 1).Training with { LearningRate = FrozenLearningRate } };

        var (_, round1) = await RunAsync(frozen, RoundInputs.For(PruningStrategy.ImpNoRewind, 1, (_, artifact) => round0.OpenRead(artifact)));

        var trained = Read(round0, RoundArtifact.Weights).AsFloats().ToArray();
        var rewind = Read(round0, RoundArtifact.RewindWeights).AsFloats().ToArray();
        var mask = Read(round0, RoundArtifact.NextMask).AsBooleans().ToArray();
        var started = Read(round1, RoundArtifact.Weights).AsFloats().ToArray();
        Assert.Equal(trained.Select((w, i) => mask[i] == 0 ? 0f : w), started);
        Assert.NotEqual(rewind.Select((w, i) => mask[i] == 0 ? 0f : w), started);
    }

    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(2, 3, 8)]
    public async Task RunAsync_ValidationStopsImproving_EarlyStopFiresAfterPatienceEvaluations(int evaluateEvery, int patience, int expectedEpochs)
    {
        // With frozen weights the validation recall of every evaluation equals the first one, which is the only improvement.
        var spec = Spec(PruningStrategy.Imp, 0) with
        {
            Training = new TrainingOptions { LearningRate = FrozenLearningRate, BatchSize = 32, MaxEpochs = 50, EvaluateEvery = evaluateEvery, Patience = patience, SelectionK = 10 },
        };

        var (result, _) = await RunAsync(spec);

        Assert.Equal(expectedEpochs, result.EpochsRun);
        Assert.Equal(expectedEpochs, result.History.Count);
        Assert.Equal(evaluateEvery - 1, result.BestEpoch);
        var evaluations = result.History.Where(h => h.SelectionRecall is not null).ToList();
        Assert.Equal(patience + 1, evaluations.Count);
        Assert.Single(evaluations.Select(h => h.SelectionRecall).Distinct());
    }

    [Fact]
    public async Task RunAsync_ImpWithoutPreviousMask_ErrorNamesTheInput()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(Spec(PruningStrategy.Imp, 1), new RoundInputs { RewindWeights = new MemoryStream() }));

        Assert.Contains("RoundInputs.PreviousNextMask is required", error.Message);
    }

    [Fact]
    public async Task RunAsync_InvalidSpec_ListsEveryBadField()
    {
        var spec = Spec(PruningStrategy.Imp, 0) with { EmbeddingSize = 0, PruningRate = 1.5 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(spec));

        Assert.Contains("EmbeddingSize: 0 must be positive.", error.Message);
        Assert.Contains("PruningRate: 1.5 must be in (0, 1).", error.Message);
    }

    [Fact]
    public async Task RunAsync_CheckpointOfAnotherSpec_Refused()
    {
        var store = new InMemoryCheckpointStore();
        await RunAsync(Spec(PruningStrategy.Imp, 0), execution: new RoundExecutionOptions { Checkpoints = store });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            RunAsync(Spec(PruningStrategy.Imp, 0) with { SamplerSeed = 99 }, execution: new RoundExecutionOptions { Checkpoints = store }));

        Assert.Contains("different round spec", error.Message);
    }
}
