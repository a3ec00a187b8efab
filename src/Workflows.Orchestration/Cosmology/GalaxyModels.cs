using Workflows.Contracts;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Cosmology;

/// <summary>How the target volume is cut: tiles of <see cref="TileSize"/>³ with <see cref="Halo"/> voxels of neighbours (0 in reproduce mode).</summary>
/// <param name="VolumeSize">Voxels per side of the target volume.</param>
/// <param name="Padded">The volume is not a multiple of the tile size: the lattice overhangs it and the overhang is cropped when stitching.</param>
public sealed record GalaxyTiling(int VolumeSize, int TileSize, int Halo, bool Periodic, bool Padded)
{
    /// <summary>Tiles per side of the lattice.</summary>
    public int TilesPerSide => (VolumeSize + TileSize - 1) / TileSize;

    public int TileCount => TilesPerSide * TilesPerSide * TilesPerSide;
}

/// <summary>
/// What the prepare step found and planned: the validated grids (blob paths), the training box, the target's tiling and how
/// its tiles are grouped into prediction jobs (consecutive tiles in lattice order, <see cref="TilesPerJob"/> each).
/// </summary>
/// <param name="Truth">The target's true galaxies, when the dataset has them.</param>
/// <param name="TargetIsTraining">The dataset names no target volume: the training box itself is painted.</param>
public sealed record GalaxyPlan(
    string DarkMatterTrain,
    string GalaxiesTrain,
    string Target,
    string? Truth,
    bool TargetIsTraining,
    int TrainingGridSize,
    double BoxSize,
    GalaxyTiling Tiling,
    int TilesPerJob)
{
    /// <summary>The validated halo catalogue of the training box (HDF5), when the dataset has one: the HOD baseline is fitted on it.</summary>
    public string? HalosTrain { get; init; }

    /// <summary>The validated halo catalogue of the target (the training box's when it is painted); present with <see cref="HalosTrain"/>.</summary>
    public string? HalosTarget { get; init; }

    public int JobCount => (Tiling.TileCount + TilesPerJob - 1) / TilesPerJob;

    /// <summary>Job <paramref name="index"/>'s tiles: lattice positions [first, first + count).</summary>
    public (int First, int Count) TilesOf(int index) =>
        (index * TilesPerJob, Math.Min(TilesPerJob, Tiling.TileCount - (index * TilesPerJob)));
}

/// <summary>The result of <see cref="PrepareGalaxyData"/>: a plan, or every problem found (named by file or field).</summary>
public sealed record GalaxyPreparation(GalaxyPlan? Plan, IReadOnlyList<string> Errors);

/// <summary>The input of <see cref="PrepareGalaxyData"/>.</summary>
public sealed record GalaxyPrepareRequest(string RunId, string ManifestPath, GalaxyPaintingSpec Spec);

/// <summary>The input of <see cref="CutTargetTiles"/>.</summary>
public sealed record GalaxyCutRequest(string RunId, GalaxyPlan Plan);

/// <summary>What <see cref="CutTargetTiles"/> wrote.</summary>
/// <param name="Folder">The tile folder as <c>container/prefix</c>: tile <c>t</c> is <c>{Folder}{t}.npy</c> (<see cref="BlobLayout.InputTile"/>).</param>
public sealed record GalaxyCutResult(int Tiles, string Folder);

/// <summary>Parameters of a <see cref="JobKinds.CosmoTrain"/> job: the spec and the training box's periodicity.</summary>
public sealed record CosmoTrainParameters(GalaxyPaintingSpec Spec, bool Periodic);

/// <summary>Parameters of a <see cref="JobKinds.CosmoPredictTiles"/> job: tiles [FirstTile, FirstTile + TileCount) of the lattice.</summary>
public sealed record PredictTilesParameters(int FirstTile, int TileCount, GalaxyTiling Tiling);

/// <summary>Input names of cosmology jobs (<see cref="JobMessage.Inputs"/>).</summary>
public static class CosmoJobInputs
{
    public const string DarkMatter = "dark-matter";
    public const string Galaxies = "galaxies";

    /// <summary>The train job's <c>result.json</c>, whose <see cref="CosmoArtifacts.Model"/> artifact is the trained cascade.</summary>
    public const string TrainResult = "train-result";

    /// <summary>The folder (<c>container/prefix</c>) holding the cut input tiles, one <c>{tile}.npy</c> each.</summary>
    public const string Tiles = "tiles";
}

/// <summary>Artifact names in cosmology jobs' <c>result.json</c>; a predict job names each output tile by its tile name.</summary>
public static class CosmoArtifacts
{
    public const string Model = "model";
}

/// <summary>One finished prediction job as stitching needs it.</summary>
public sealed record PredictedJob(int Index, string JobId, string ResultPath);

/// <summary>The input of <see cref="StitchPrediction"/>.</summary>
public sealed record GalaxyStitchRequest(string RunId, GalaxyPlan Plan, IReadOnlyList<PredictedJob> Jobs);

/// <summary>A prediction job whose output cannot be stitched (a tile missing, of the wrong shape or non-finite): it must be redone.</summary>
public sealed record RejectedJob(int Index, string Reason);

/// <summary>The stitched grid, or the jobs to redo (nothing is stitched then).</summary>
public sealed record GalaxyStitchResult(string? Prediction, IReadOnlyList<RejectedJob> Rejected);

/// <summary>The input of <see cref="MeasureGalaxies"/>.</summary>
/// <param name="TrainResult"><c>result.json</c> of the train job, whose metrics hold the cascade's count calibration.</param>
/// <param name="Spec">The run's spec: the seed and number of the predictors' realisations, the HOD baseline's search grid.</param>
public sealed record GalaxyMeasureRequest(string RunId, GalaxyPlan Plan, string Prediction, string TrainResult, GalaxyPaintingSpec Spec);

/// <summary>Headline numbers of the measurements; the full curves and slices are in <see cref="Measurements"/> (a blob).</summary>
/// <param name="Metrics">e.g. <c>cascade.f1</c>, <c>baseline.f1</c>, <c>cascade.pk-error</c>; empty entries are absent.</param>
public sealed record GalaxyMeasurementSummary(string Measurements, IReadOnlyDictionary<string, double> Metrics);

/// <summary>What the galaxy report writer receives: the run's index; details are read from blobs.</summary>
/// <param name="TrainResult"><c>result.json</c> of the train job, when it succeeded.</param>
/// <param name="RedoneJobs">Prediction jobs redone because their output was rejected by the stitcher.</param>
public sealed record GalaxyReportInput(
    string RunId,
    string Dataset,
    RunSpec Spec,
    RunState State,
    IReadOnlyList<string> Errors,
    GalaxyPlan? Plan,
    string? TrainResult,
    IReadOnlyList<PredictedJob> PredictJobs,
    IReadOnlyList<RejectedJob> RedoneJobs,
    GalaxyMeasurementSummary? Measurements,
    double WorkerSeconds,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);
