using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Prediction;
using Workflows.Cosmology.Tiling;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Tests.Model;

public class PredictionTests
{
    private static readonly InputNormalisation Normalisation = new(0.5, 0.4);

    /// <summary>An untrained model predicts almost nothing; shift the classifier's logit bias so that masks are mixed.</summary>
    private static CascadeModel MixedMaskModel(ModelConfig config, int seed)
    {
        var model = CascadeModel.Create(config, Normalisation, seed, CPU);
        using var noGrad = no_grad();
        var bias = model.Classifier.named_parameters().Single(p => p.name == "logits.conv.bias").parameter;
        bias.copy_(tensor(new float[] { 0f, 0.05f }));
        return model;
    }

    private static VoxelGrid StitchThroughBlobs(CascadeModel model, VoxelGrid volume, TilingSpec spec, int tilesPerJob)
    {
        var lattice = new TileLattice(volume.Shape, spec);
        var inputs = new Dictionary<TileKey, MemoryStream>();
        using (var reader = NpyGridReader.Open(TestGrids.ToNpy(volume), "target.npy"))
            TileCutter.Cut(reader, lattice, key => inputs[key] = new MemoryStream());
        var outputs = new Dictionary<TileKey, byte[]>();
        foreach (var job in TilePlan.Create(lattice, tilesPerJob).Jobs)
        {
            var predictor = new TilePredictor(model, spec);
            var written = new Dictionary<TileKey, MemoryStream>();
            predictor.PredictTiles(job.Tiles, key => new MemoryStream(inputs[key].ToArray()), key => written[key] = new MemoryStream());
            foreach (var (key, stream) in written) outputs[key] = stream.ToArray();
        }
        var stitched = new MemoryStream();
        TileStitcher.Stitch(lattice, key => new MemoryStream(outputs[key]), stitched);
        stitched.Position = 0;
        return NpyGridReader.ReadAll(stitched, "prediction.npy");
    }

    [Fact]
    public void ReproduceMode_StitchedPrediction_IsBitIdenticalHoweverTilesAreGrouped()
    {
        using var model = MixedMaskModel(ModelConfig.HaloExact, seed: 1);
        var volume = TestGrids.Random(GridShape.Cube(16), seed: 2, mean: 3);
        var spec = new TilingSpec(8);
        var reference = VolumePrediction.PredictWhole(model, volume, spec);
        Assert.Contains(reference.Data, v => v > 0);
        Assert.Contains(reference.Data, v => v == 0);
        foreach (int tilesPerJob in new[] { 1, 3, 8 })
            Assert.Equal(reference.Data, StitchThroughBlobs(model, volume, spec, tilesPerJob).Data);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HaloMode_HaloExactPreset_StitchedEqualsWholeVolumePrediction(bool periodic)
    {
        var config = ModelConfig.HaloExact;
        using var model = MixedMaskModel(config, seed: 3);
        var volume = TestGrids.Random(GridShape.Cube(16), seed: 4, mean: 3);
        var spec = new TilingSpec(8, config.ExactHalo, periodic);
        spec.EnsureAligned(config.PoolingMultiple);

        var whole = VolumePrediction.PredictWhole(model, volume, spec);
        var stitched = StitchThroughBlobs(model, volume, spec, tilesPerJob: 3);

        Assert.Contains(whole.Data, v => v > 0);
        var probability = VolumePrediction.PredictWhole(model, volume, spec, CascadeOutput.NonEmptyProbability);
        Assert.Empty(PredictionAgreement.Disagreements(whole, stitched, probability));
        // Reproduce mode (no halo) differs at tile borders: the halo is doing the work.
        var reproduce = VolumePrediction.PredictWhole(model, volume, new TilingSpec(8, 0, periodic));
        Assert.True(whole.Data.Zip(reproduce.Data).Count(p => Math.Abs(p.First - p.Second) > 1e-3) > 100);
    }

    [Fact]
    public void ReceptiveRadius_OfPresets_MatchesTheArchitectureBound()
    {
        Assert.Equal(18, ModelConfig.HaloExact.ReceptiveRadius);
        Assert.Equal(18, ModelConfig.HaloExact.ExactHalo);
        Assert.InRange(2 * ModelConfig.Studies.ReceptiveRadius + 1, 280, 360);
    }

    [Fact]
    public void SaveThenLoad_PredictsIdentically()
    {
        using var model = MixedMaskModel(ModelConfig.HaloExact, seed: 5);
        var volume = TestGrids.Random(GridShape.Cube(8), seed: 6, mean: 3);
        var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        using var loaded = CascadeModel.Load(stream, CPU);
        Assert.Equal(model.Normalisation, loaded.Normalisation);
        Assert.Equal(model.Predict(volume).Data, loaded.Predict(volume).Data);
    }

    [Fact]
    public void Create_SameSeed_SameWeights_DifferentSeed_DifferentWeights()
    {
        var volume = TestGrids.Random(GridShape.Cube(8), seed: 7, mean: 3);
        using var a = MixedMaskModel(ModelConfig.HaloExact, seed: 8);
        using var b = MixedMaskModel(ModelConfig.HaloExact, seed: 8);
        using var c = MixedMaskModel(ModelConfig.HaloExact, seed: 9);
        Assert.Equal(a.Predict(volume).Data, b.Predict(volume).Data);
        Assert.NotEqual(a.Predict(volume).Data, c.Predict(volume).Data);
    }
}
