using Workflows.Contracts;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Tiling;
using Workflows.Cosmology.Training;
using Workflows.Orchestration.Cosmology;

namespace Workflows.Jobs.Cosmology;

/// <summary>Maps the run spec's galaxy-painting section onto the cosmology engine's types.</summary>
public static class GalaxySpecs
{
    /// <summary>The engine's model for a spec preset: <c>cpu-small</c>, <c>halo-exact</c> or <c>study</c>.</summary>
    public static ModelConfig Model(GalaxyPaintingSpec spec) => spec.ModelPreset switch
    {
        "cpu-small" => ModelConfig.Cpu,
        "halo-exact" => ModelConfig.HaloExact,
        "study" => ModelConfig.Studies,
        _ => throw new ContractValidationException("spec", [new ValidationError("galaxyPainting.modelPreset", $"'{spec.ModelPreset}' is unknown")]),
    };

    /// <summary>Reproduce mode cuts no halo, whatever <see cref="GalaxyPaintingSpec.Halo"/> says.</summary>
    public static int Halo(GalaxyPaintingSpec spec) => spec.TilingMode == "reproduce" ? 0 : spec.Halo;

    /// <summary>The training box's tiling: the spec's tiles and halo; the box must be a multiple of the tile size.</summary>
    public static TilingSpec TrainingTiling(GalaxyPaintingSpec spec, bool periodic) => new(spec.TileSize, Halo(spec), periodic);

    public static TilingSpec Tiling(GalaxyTiling tiling) => new(tiling.TileSize, tiling.Halo, tiling.Periodic, PadPartialTiles: tiling.Padded);

    public static TileLattice Lattice(GalaxyTiling tiling) => new(Workflows.Cosmology.Grids.GridShape.Cube(tiling.VolumeSize), Tiling(tiling));

    public static TrainingOptions Training(GalaxyPaintingSpec spec) => new()
    {
        ClassifierEpochs = spec.ClassifierEpochs,
        RegressorEpochs = spec.RegressorEpochs,
        BatchSize = spec.BatchSize,
        LearningRate = spec.LearningRate,
        NonEmptyClassWeight = spec.ClassWeight,
        NonEmptyRegressionWeight = spec.RegressionWeight,
        Seed = spec.Seed,
    };
}
