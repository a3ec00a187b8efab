using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Tiling;

namespace Workflows.Cosmology.Training;

/// <summary>Training hyperparameters; defaults follow the studies (Adam 1e-3 halved every 4 epochs, batch 16).</summary>
public sealed record TrainingOptions
{
    public int ClassifierEpochs { get; init; } = 10;

    public int RegressorEpochs { get; init; } = 10;

    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 1e-3;

    public int HalveLearningRateEveryEpochs { get; init; } = 4;

    /// <summary>Cross-entropy weight of the non-empty class (studies: 80 or 500).</summary>
    public double NonEmptyClassWeight { get; init; } = 80;

    /// <summary>Squared-error weight of non-empty voxels (studies' final model: 1.05).</summary>
    public double NonEmptyRegressionWeight { get; init; } = 1.05;

    /// <summary>Random flips per axis (p = 0.5), training only.</summary>
    public bool Flips { get; init; } = true;

    /// <summary>Fixes weights, data order and flips.</summary>
    public int Seed { get; init; }
}

/// <summary>A training pair and its spatially blocked split; the split's lattice says tile size, halo and periodicity.</summary>
public sealed record TrainingData(VoxelGrid DarkMatter, VoxelGrid Galaxies, RegionSplit Split)
{
    public TilingSpec Tiling => Split.Lattice.Spec;
}

public enum TrainingPhase
{
    Classifier,
    Regressor,
    Complete,
}

/// <summary>One finished epoch; <see cref="IsBest"/> marks the phase's lowest validation loss so far.</summary>
public sealed record EpochReport(TrainingPhase Phase, int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, bool IsBest);
