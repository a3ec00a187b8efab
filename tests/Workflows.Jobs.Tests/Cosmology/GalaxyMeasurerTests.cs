using Workflows.Contracts;
using Workflows.Cosmology.Baselines;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Spectra;
using Workflows.Cosmology.Synthetic;
using Workflows.Jobs.Cosmology;
using Workflows.Orchestration.Cosmology;
using Workflows.Testing;

namespace Workflows.Jobs.Tests.Cosmology;

public sealed class GalaxyMeasurerTests
{
    private const string RunId = "measure-0123456789abcdef";

    /// <summary>
    /// Training and target boxes (64³ over 100 Mpc/h) populated by a known HOD (Mmin 3e12, M1 2.5e13, α 1): the measure
    /// step's HOD baseline recovers the parameters within the tolerances of the engine's fit test, and scores its seeded
    /// populations of the target's halos like the other predictors.
    /// </summary>
    [Fact]
    public async Task Measure_WithHaloCatalogues_FitsTheHodOnTheTrainingBox_AndScoresItsPopulationsOfTheTarget()
    {
        var blobs = new InMemoryBlobStore();
        var trainingSpec = new UniverseSpec { GridSize = 64, Seed = 11, Rule = GalaxyRule.Hod };
        var training = SyntheticUniverse.Generate(trainingSpec);
        var target = SyntheticUniverse.Generate(trainingSpec with { Seed = 12 });
        var spec = new GalaxyPaintingSpec { TileSize = 16, Seed = 12345, SpectrumDraws = 3, HodAlphas = [0.6, 1.0, 1.4], HodSatelliteMasses = [8e12, 2.5e13, 8e13] };
        var request = await StoreAsync(blobs, training, target, spec);

        var summary = await new GalaxyMeasurer(blobs).MeasureAsync(request, CancellationToken.None);

        var measurements = ContractJson.Deserialize<GalaxyMeasurements>(blobs.Read(BlobPath.Parse(summary.Measurements)), "measurements");
        var hod = measurements.Hod!;
        Assert.Equal((trainingSpec.Hod.Alpha, trainingSpec.Hod.SatelliteMass), (hod.Alpha, hod.SatelliteMass));
        Assert.Equal(trainingSpec.Hod.MinimumMass, hod.MinimumMass, trainingSpec.Hod.MinimumMass * 0.1);
        Assert.Equal(1, hod.CountRatio, 0.02);
        Assert.Equal((1.0, training.Halos!.Count, target.Halos!.Count), (hod.MaxK, hod.TrainingHalos, hod.TargetHalos));
        Assert.Equal(["cascade", "benchmark", "hod"], measurements.Scores.Select(s => s.Predictor));

        var parameters = new HodParameters(hod.MinimumMass, hod.SatelliteMass, hod.Alpha);
        VoxelGrid Population(int seed) => HodFit.Paint(parameters, target.Halos, trainingSpec.BoxSize, 64, seed);
        var first = Population(spec.Seed);
        var confusion = OccupancyMetrics.Confusion(first, target.Galaxies);
        var drawn = DrawnSpectrumScore.Measure(Population, spec.Seed, 3, grid => PowerSpectrum.Measure(grid, trainingSpec.BoxSize), PowerSpectrum.Measure(target.Galaxies, trainingSpec.BoxSize));
        var score = measurements.Scores[2];
        Assert.Equal((confusion.F1, first.Sum(), target.Galaxies.Sum()), (score.F1, score.PredictedTotal, score.TrueTotal));
        Assert.Equal<(double?, double?, double?)>((drawn.HalfNyquist, drawn.HalfNyquistSpread, drawn.FullRange), (score.PkError, score.PkErrorSpread, score.PkErrorFull));
        Assert.Equal(drawn.HalfNyquist, summary.Metrics["hod.pk-error"]);
        Assert.Equal(["truth", "cascade", "benchmark", "hod"], [.. new[] { "truth" }.Concat(measurements.Spectra!.Predictors.Select(p => p.Predictor))]);
    }

    /// <summary>Without truth or halo catalogues there is nothing to score: measurements.json says so and reads back (absent members are null).</summary>
    [Fact]
    public async Task Measure_WithoutTruthOrHaloCatalogues_WritesMeasurementsThatReadBack_WithoutScoresSpectraOrHod()
    {
        var blobs = new InMemoryBlobStore();
        var universe = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 32, BoxSize = 50, Seed = 4, Rule = GalaxyRule.NonLocal });
        var spec = new GalaxyPaintingSpec { TileSize = 16, Seed = 7, SpectrumDraws = 2 };
        var request = await StoreAsync(blobs, universe, universe, spec);
        request = request with { Plan = request.Plan with { Truth = null } };

        var summary = await new GalaxyMeasurer(blobs).MeasureAsync(request, CancellationToken.None);

        var measurements = ContractJson.Deserialize<GalaxyMeasurements>(blobs.Read(BlobPath.Parse(summary.Measurements)), "measurements");
        Assert.Equal((32, 50.0, false), (measurements.GridSize, measurements.BoxSize, measurements.HasTruth));
        Assert.Equal((0, (GalaxySpectra?)null, (HodBaselineFit?)null), (measurements.Scores.Count, measurements.Spectra, measurements.Hod));
        Assert.Equal(new SpectrumScoring(2, 7, 1.0), measurements.SpectrumScoring);
        Assert.Equal(["dark matter log(1 + ρ)", "cascade prediction"], measurements.Slices.Select(s => s.Label));
        Assert.Empty(summary.Metrics);
    }

    /// <summary>
    /// The prepared grids, halo catalogues (when the universes have them) and a train result with a count calibration of 1; the cascade's "prediction"
    /// is the target's true counts (any non-empty field does here).
    /// </summary>
    private static async Task<GalaxyMeasureRequest> StoreAsync(InMemoryBlobStore blobs, SyntheticUniverse training, SyntheticUniverse target, GalaxyPaintingSpec spec)
    {
        string Put(string name, byte[] content)
        {
            var path = BlobLayout.Prepared(RunId, name);
            blobs.Put(path, content);
            return path.ToString();
        }

        byte[] Halos(HaloCatalogue halos)
        {
            using var stream = new MemoryStream();
            HaloCatalogueFile.Write(stream, halos);
            return stream.ToArray();
        }

        var trainResult = BlobLayout.JobResult(RunId, CosmoJobIds.Train(RunId));
        await blobs.WriteAsync(trainResult, new MemoryStream(ContractJson.SerializeToUtf8Bytes(new JobResult
        {
            JobId = CosmoJobIds.Train(RunId), RunId = RunId, Kind = JobKinds.CosmoTrain, Attempt = 1, WorkerId = "test",
            Metrics = new Dictionary<string, double> { [CosmoTrainHandler.CalibrationScaleMetric] = 1 },
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        })), CancellationToken.None);
        var plan = new GalaxyPlan(
            Put("dm-train.npy", NpyBytes.Of(training.DarkMatter)),
            Put("galaxies-train.npy", NpyBytes.Of(training.Galaxies)),
            Put("dm-target.npy", NpyBytes.Of(target.DarkMatter)),
            Put("galaxies-target-truth.npy", NpyBytes.Of(target.Galaxies)),
            TargetIsTraining: false,
            TrainingGridSize: training.Spec.GridSize,
            BoxSize: training.Spec.BoxSize,
            new GalaxyTiling(target.Spec.GridSize, spec.TileSize, Halo: 0, Periodic: true, Padded: false),
            TilesPerJob: 8)
        {
            HalosTrain = training.Halos is null ? null : Put("halos-train.h5", Halos(training.Halos)),
            HalosTarget = target.Halos is null ? null : Put("halos-target.h5", Halos(target.Halos)),
        };
        string prediction = Put("prediction.npy", NpyBytes.Of(target.Galaxies));
        return new GalaxyMeasureRequest(RunId, plan, prediction, trainResult.ToString(), spec);
    }
}
