using Workflows.Contracts;

namespace Workflows.Orchestration.Recsys;

/// <summary>
/// Parameters of a <see cref="JobKinds.RecsysTrainRound"/> job (<see cref="JobMessage.Parameters"/>): train one round of a
/// ticket search under a mask with exactly <see cref="TargetNonZeros"/> entries, evaluate, select the best checkpoint on
/// validation (or test when the spec says so).
/// </summary>
/// <remarks>
/// <para>Round 0 is the dense model of (backbone, seed), shared by every strategy of that pair: <see cref="Strategy"/> is
/// null, <see cref="PruneFromRound"/> and <see cref="RewindToRound"/> are null, weights start from X0 drawn with
/// <see cref="InitSeed"/>.</para>
/// <para>Round r ≥ 1 by strategy (METHODS-recsys.md):
/// <c>imp</c>: mask = prune the best checkpoint of round r − 1 (input <see cref="TrainRoundInputs.PruneFrom"/>) down to
/// <see cref="TargetNonZeros"/> by global magnitude; survivors rewind to round 0's weights at <see cref="RecsysTrainingSettings.RewindEpoch"/>
/// (input <see cref="TrainRoundInputs.Rewind"/>).
/// <c>imp-no-rewind</c>: as imp, but training continues from round r − 1's trained weights (no rewind input).
/// <c>omp</c>: prune round 0's best checkpoint straight to the target, rewind to round 0.
/// <c>random</c>: a uniformly random mask with the target count drawn with <see cref="MaskSeed"/>; weights re-initialised
/// from <see cref="InitSeed"/>, which differs from the dense round's (<see cref="RandomBaselineInitSeed"/>).</para>
/// <para>The worker must record the exact non-zeros of the mask it trained under as metric
/// <see cref="TrainRoundMetrics.NonZeros"/>; it equals <see cref="TargetNonZeros"/>.</para>
/// </remarks>
public sealed record TrainRoundParameters
{
    public required string Backbone { get; init; }

    /// <summary>Null for the shared dense round 0.</summary>
    public string? Strategy { get; init; }

    /// <summary>The search's seed (data order, validation split, mask draws).</summary>
    public required int Seed { get; init; }

    public required int Round { get; init; }

    public required double PruningRate { get; init; }

    /// <summary>Entries of the joint embedding table: (users + items) × embedding size.</summary>
    public required long TotalEntries { get; init; }

    /// <summary>Exact unpruned entries of this round's mask (<see cref="Lottery.SparsitySchedule"/>).</summary>
    public required long TargetNonZeros { get; init; }

    /// <summary>The round whose best checkpoint is pruned to make this round's mask; null for round 0 and random.</summary>
    public int? PruneFromRound { get; init; }

    /// <summary>The round whose weights the survivors rewind to; null when not rewinding (round 0, imp-no-rewind, random).</summary>
    public int? RewindToRound { get; init; }

    /// <summary>Seed of the initial weights X0.</summary>
    public required int InitSeed { get; init; }

    /// <summary>Seed of the random mask (random strategy only).</summary>
    public int? MaskSeed { get; init; }

    public required RecsysTrainingSettings Training { get; init; }

    public double TargetRemainingFraction => (double)TargetNonZeros / TotalEntries;

    /// <summary>The random baseline re-initialises weights from a seed different from the dense (and IMP/OMP) one.</summary>
    public static int RandomBaselineInitSeed(int seed) => unchecked(seed + 1_000_003);
}

/// <summary>The training protocol of a round, copied from <see cref="LotteryTicketSpec"/>.</summary>
public sealed record RecsysTrainingSettings
{
    public required int EmbeddingSize { get; init; }

    public required int Layers { get; init; }

    public required int Epochs { get; init; }

    public required int EvaluateEvery { get; init; }

    public required int Patience { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    public required double L2 { get; init; }

    public required string Init { get; init; }

    public required string Protocol { get; init; }

    public required string Selection { get; init; }

    public required double ValidationFraction { get; init; }

    public required int RewindEpoch { get; init; }

    public required IReadOnlyList<int> TopK { get; init; }

    public static RecsysTrainingSettings From(LotteryTicketSpec spec) => new()
    {
        EmbeddingSize = spec.EmbeddingSize,
        Layers = spec.Layers,
        Epochs = spec.Epochs,
        EvaluateEvery = spec.EvaluateEvery,
        Patience = spec.Patience,
        BatchSize = spec.BatchSize,
        LearningRate = spec.LearningRate,
        L2 = spec.L2,
        Init = spec.Init,
        Protocol = spec.Protocol,
        Selection = spec.Selection,
        ValidationFraction = spec.ValidationFraction,
        RewindEpoch = spec.RewindEpoch,
        TopK = spec.TopK,
    };
}

/// <summary>Keys of <see cref="JobMessage.Inputs"/> for a train-round job (values are <c>container/name</c> blob paths).</summary>
public static class TrainRoundInputs
{
    /// <summary>The prepared dataset (<see cref="Ports.PreparedRecsysDataset.DatasetBlob"/>).</summary>
    public const string Dataset = "dataset";

    /// <summary><c>result.json</c> of the round whose best checkpoint is pruned (its artifacts name the weights and mask).</summary>
    public const string PruneFrom = "prune-from";

    /// <summary><c>result.json</c> of the round the survivors rewind to (round 0).</summary>
    public const string Rewind = "rewind";

    /// <summary>
    /// <c>result.json</c> of a promoted ticket being retrained on new data (nightly): an <c>imp</c> round then trains under
    /// this ticket's mask (instead of <see cref="PruneFrom"/>'s next mask) from the <see cref="Rewind"/> point, and also
    /// scores the ticket's own weights on the new test split (<see cref="TrainRoundMetrics.ChampionTestRecall20"/>).
    /// </summary>
    public const string Ticket = "ticket";
}

/// <summary>
/// Metric names a train-round job reports in <see cref="JobResult.Metrics"/> and <see cref="JobOutcome.Metrics"/>. The
/// orchestration decides on <see cref="ValidationRecall20"/>; the report also shows the others.
/// </summary>
public static class TrainRoundMetrics
{
    public const string ValidationRecall20 = "val.recall@20";
    public const string ValidationNdcg20 = "val.ndcg@20";
    public const string TestRecall20 = "test.recall@20";
    public const string TestNdcg20 = "test.ndcg@20";

    /// <summary>Exact non-zeros of the round's mask (equals <see cref="TrainRoundParameters.TargetNonZeros"/>).</summary>
    public const string NonZeros = "non-zeros";

    /// <summary>The selected checkpoint's epoch.</summary>
    public const string BestEpoch = "best-epoch";

    /// <summary>Retrain only: the promoted ticket's (champion's) Recall@20 on this round's test split.</summary>
    public const string ChampionTestRecall20 = "champion.test.recall@20";

    public const string ChampionTestNdcg20 = "champion.test.ndcg@20";
}

/// <summary>
/// <see cref="JobResult.Details"/> of a train-round job, kept small: epochs, timings, the device and the training curves the
/// report plots.
/// </summary>
/// <param name="ResumedFromEpoch">The checkpoint's epoch the round resumed from; null when it started fresh (and then absent from the JSON).</param>
/// <param name="Device">The device the round trained on as TorchSharp names it (<c>cpu</c>, <c>cuda:0</c>); null in results
/// written before it was recorded.</param>
/// <param name="Loss">Mean training loss of every epoch, by 0-based epoch.</param>
/// <param name="Evaluations">Recall@20 on the selection split (validation; test under <c>selection: test</c>) of every evaluated epoch.</param>
/// <param name="Software">The code and packages the round trained with: <c>workflows</c> (version+commit), <c>TorchSharp</c>,
/// <c>libtorch</c>; null in results written before it was recorded.</param>
public sealed record TrainRoundDetails(int EpochsRun, long NextRemainingWeights, double SetupSeconds, double TrainingSeconds, double EvaluationSeconds,
    IReadOnlyList<double> Loss, IReadOnlyList<TrainRoundDetails.Evaluation> Evaluations, int? ResumedFromEpoch = null, string? Device = null,
    IReadOnlyDictionary<string, string>? Software = null)
{
    /// <summary>The <see cref="Software"/> key of the Workflows code version.</summary>
    public const string WorkflowsSoftware = "workflows";

    /// <param name="Epoch">0-based epoch.</param>
    public sealed record Evaluation(int Epoch, double Recall20);
}

/// <summary>Named artifacts of a train-round <see cref="JobResult.Artifacts"/> that later rounds read.</summary>
public static class TrainRoundArtifacts
{
    /// <summary>Initial weights X0 (round 0 only) and, for late rewinding, the weights at the rewind epoch.</summary>
    public const string RewindWeights = "rewind-weights";

    /// <summary>Weights of the selected (best) checkpoint, masked.</summary>
    public const string BestWeights = "best-weights";

    /// <summary>The mask the round trained under.</summary>
    public const string Mask = "mask";

    /// <summary>The mask of the next IMP round: <see cref="Mask"/> minus the smallest-magnitude share of <see cref="BestWeights"/>.</summary>
    public const string NextMask = "next-mask";
}
