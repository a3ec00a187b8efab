using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Cosmology.Training;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Tests.Training;

public class TileBatchesTests
{
    private const int Tile = 8;
    private const int Halo = 2;

    private static TrainingData Data(bool periodic)
    {
        var universe = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 16, Seed = 21, TargetOccupancy = 0.05 });
        var lattice = new TileLattice(universe.DarkMatter.Shape, new TilingSpec(Tile, Halo, periodic));
        return new TrainingData(universe.DarkMatter, universe.Galaxies, RegionSplit.Blocked(lattice));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_HaloedCorner_InputIsTheNormalisedCutAndTargetTheInterior(bool periodic)
    {
        var data = Data(periodic);
        var normalisation = new InputNormalisation(Mean: 8, StandardDeviation: 4);
        var batches = new TileBatches(data, normalisation, CPU);
        var corner = new TileKey(0, 0, 0);

        var (input, target) = batches.Build([corner], flips: null);

        const int cut = Tile + 2 * Halo;
        Assert.Equal([1L, 1, cut, cut, cut], input.shape);
        Assert.Equal([1L, 1, Tile, Tile, Tile], target.shape);
        // The corner's halo reaches x = −2: the far side of a periodic box, raw zeros (then normalised) otherwise.
        float beyondEdge = periodic ? data.DarkMatter[14, 14, 14] : 0f;
        Assert.Equal(Normalised(beyondEdge), input[0, 0, 0, 0, 0].item<float>(), 5);
        Assert.Equal(Normalised(data.DarkMatter[0, 0, 0]), input[0, 0, Halo, Halo, Halo].item<float>(), 5);
        Assert.Equal(data.Galaxies[3, 5, 7], target[0, 0, 3, 5, 7].item<float>());
    }

    private static double Normalised(float count) => (Math.Log(1 + count) - 8) / 4;

    [Fact]
    public void Interior_OfAHaloedOutput_CropsTheHaloOnEverySide()
    {
        var batches = new TileBatches(Data(periodic: true), new InputNormalisation(0, 1), CPU);
        const int cut = Tile + 2 * Halo;
        using var output = arange(cut * cut * cut, ScalarType.Float32).reshape(1, 1, cut, cut, cut);

        using var interior = batches.Interior(output);

        Assert.Equal([1L, 1, Tile, Tile, Tile], interior.shape);
        Assert.Equal(output[0, 0, Halo, Halo, Halo].item<float>(), interior[0, 0, 0, 0, 0].item<float>());
        Assert.Equal(output[0, 0, Halo + Tile - 1, Halo + 1, Halo + Tile - 1].item<float>(), interior[0, 0, Tile - 1, 1, Tile - 1].item<float>());
    }

    [Fact]
    public void Training_OnHaloedCrops_RunsBothPhasesWithFiniteLosses()
    {
        var options = new TrainingOptions { ClassifierEpochs = 1, RegressorEpochs = 1, BatchSize = 4, Seed = 2 };
        using var training = CascadeTraining.Start(ModelConfig.HaloExact, options, Data(periodic: true), CPU);

        training.Run();

        Assert.Equal([TrainingPhase.Classifier, TrainingPhase.Regressor], training.State.History.Select(r => r.Phase));
        Assert.All(training.State.History, r => Assert.True(double.IsFinite(r.TrainLoss) && double.IsFinite(r.ValidationLoss)));
    }
}
