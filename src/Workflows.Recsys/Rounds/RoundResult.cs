using Workflows.Recsys.Evaluation;

namespace Workflows.Recsys.Rounds;

/// <summary>One epoch of training.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Loss">Mean batch loss (BPR + L2).</param>
/// <param name="SelectionRecall">Recall@K on the selection split when evaluated this epoch, otherwise null.</param>
public sealed record EpochRecord(int Epoch, double Loss, double? SelectionRecall);

/// <summary>Reported after every epoch (for heartbeats and logs).</summary>
public sealed record EpochProgress(int Round, int Epoch, int MaxEpochs, double Loss, double? SelectionRecall, double BestSelectionRecall, int BestEpoch, TimeSpan Elapsed);

/// <summary>The sparsity of a finished round.</summary>
/// <param name="TotalWeights">Entries of the table.</param>
/// <param name="RemainingWeights">Kept entries (= non-zeros allowed in the exported weights).</param>
/// <param name="PrunedThisRound">Entries removed relative to the previous level.</param>
/// <param name="NextRemainingWeights">Kept entries of <see cref="RoundArtifact.NextMask"/>.</param>
public sealed record SparsityReport(long TotalWeights, long RemainingWeights, long PrunedThisRound, long NextRemainingWeights)
{
    /// <summary>Remaining / total.</summary>
    public double RemainingFraction => RemainingWeights / (double)TotalWeights;
}

/// <summary>Wall-clock time spent per phase.</summary>
public sealed record RoundTimings(TimeSpan Setup, TimeSpan Training, TimeSpan Evaluation, TimeSpan Total);

/// <summary>The outcome of one round.</summary>
/// <param name="Round">Round index.</param>
/// <param name="BestEpoch">Epoch of the selected checkpoint.</param>
/// <param name="EpochsRun">Epochs trained (including those before a resume).</param>
/// <param name="ResumedFromEpoch">The first epoch trained by this call when it resumed from a checkpoint, else null.</param>
/// <param name="Validation">Metrics of the selected checkpoint on validation (null without a validation split).</param>
/// <param name="Test">Metrics of the selected checkpoint on test.</param>
/// <param name="Sparsity">Mask counts.</param>
/// <param name="Timings">Time per phase of this call.</param>
/// <param name="History">Every epoch's loss and evaluation.</param>
public sealed record RoundResult(
    int Round, int BestEpoch, int EpochsRun, int? ResumedFromEpoch, RankingMetrics? Validation, RankingMetrics Test,
    SparsityReport Sparsity, RoundTimings Timings, IReadOnlyList<EpochRecord> History);

/// <summary>How a round is driven: checkpoints and progress.</summary>
public sealed record RoundExecutionOptions
{
    /// <summary>Where resumable state goes; a round resumes from it when it holds a checkpoint of the same spec.</summary>
    public Workflows.Torch.Checkpoints.ICheckpointStore? Checkpoints { get; init; }

    /// <summary>Save a checkpoint every this many epochs.</summary>
    public int CheckpointEveryEpochs { get; init; } = 1;

    /// <summary>Called after every epoch (after any checkpoint), e.g. to write a heartbeat; cancellation is checked right after.</summary>
    public Func<EpochProgress, CancellationToken, ValueTask>? OnEpochCompleted { get; init; }
}
