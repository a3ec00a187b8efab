using BenchmarkDotNet.Attributes;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Cosmology.Training;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Benchmarks;

/// <summary>
/// One classifier training step of the CPU preset — an epoch of exactly one batch of 16 tiles of 32³ (batch assembly,
/// flips, weighted loss, backward, Adam) plus validation on one tile — beside one bare forward + backward of the
/// classifier on a batch of the same size: the ratio is the training loop's own overhead.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class TrainingEpochBenchmarks
{
    private const int TileSize = 32;
    private const int BatchSize = 16;
    private CascadeTraining _training = null!;
    private CascadeModel _bare = null!;
    private Tensor _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var universe = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 3 * TileSize, Seed = 1, Rule = GalaxyRule.NonLocal });
        var lattice = new TileLattice(universe.DarkMatter.Shape, new TilingSpec(TileSize));
        var tiles = lattice.Tiles.ToList();
        var split = new RegionSplit(lattice, tiles[..BatchSize], tiles[BatchSize..(BatchSize + 1)], tiles[(BatchSize + 1)..]);
        var data = new TrainingData(universe.DarkMatter, universe.Galaxies, split);
        var options = new TrainingOptions { ClassifierEpochs = 1000, RegressorEpochs = 0, BatchSize = BatchSize, Seed = 1 };
        _training = CascadeTraining.Start(ModelConfig.Cpu, options, data, CPU);
        _bare = CascadeModel.Create(ModelConfig.Cpu, _training.Model.Normalisation, seed: 1, CPU);
        _batch = randn([BatchSize, 1, TileSize, TileSize, TileSize]);
    }

    [Benchmark(Baseline = true)]
    public double BareClassifierStep()
    {
        using var scope = NewDisposeScope();
        _bare.Classifier.train();
        var loss = _bare.Classifier.forward(_batch).square().mean();
        loss.backward();
        return loss.item<float>();
    }

    [Benchmark]
    public double ClassifierStep() => _training.RunEpoch().TrainLoss;

    [GlobalCleanup]
    public void Cleanup()
    {
        PeakMemory.Report(nameof(TrainingEpochBenchmarks));
        _training.Dispose();
        _bare.Dispose();
    }
}
