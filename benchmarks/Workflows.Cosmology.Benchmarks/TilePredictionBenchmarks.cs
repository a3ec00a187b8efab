using BenchmarkDotNet.Attributes;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Prediction;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Benchmarks;

/// <summary>
/// Prediction of one 32³ tile (reproduce mode) per preset, beside the network's bare forward pass on the same tile:
/// the ratio is the cost of normalisation, conversion and cropping. Voxels/s = 32768 / mean.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TilePredictionBenchmarks
{
    private const int TileSize = 32;
    private CascadeModel _model = null!;
    private TilePredictor _predictor = null!;
    private VoxelGrid _tile = null!;
    private Tensor _input = null!;

    [Params("cpu", "studies")]
    public string Preset { get; set; } = "cpu";

    [GlobalSetup]
    public void Setup()
    {
        _tile = SyntheticUniverse.Generate(new UniverseSpec { GridSize = TileSize, Seed = 1 }).DarkMatter;
        var normalisation = InputNormalisation.Fit(_tile, [_tile.Shape.Whole]);
        _model = CascadeModel.Create(ModelConfig.FromName(Preset), normalisation, seed: 1, CPU);
        _model.Classifier.eval();
        _model.Regressor.eval();
        _predictor = new TilePredictor(_model, new TilingSpec(TileSize));
        _input = tensor(normalisation.Apply(_tile.Data), [1, 1, TileSize, TileSize, TileSize]);
    }

    [Benchmark(Baseline = true)]
    public long NetworkForward()
    {
        using var noGrad = no_grad();
        var (counts, probability) = _model.Forward(_input);
        using (counts)
        using (probability)
        {
            return counts.shape[^1];
        }
    }

    [Benchmark]
    public int PredictTile() => _predictor.PredictTile(_tile).Shape.Nx;

    [GlobalCleanup]
    public void Cleanup()
    {
        PeakMemory.Report($"{nameof(TilePredictionBenchmarks)} ({Preset})");
        _model.Dispose();
    }
}
