using Workflows.Contracts;
using Workflows.Cosmology.Baselines;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Spectra;
using Workflows.Cosmology.Tiling;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// Scores the stitched prediction and the local mean-occupancy benchmark (fitted on the training region of the training
/// box) against the truth: occupancy, counts and P(k)/T(k)/r(k) over the periodic target box. When the target is the
/// training box itself, occupancy and counts are scored on its held-out test corner only. Writes
/// <see cref="BlobLayout.Measurements"/>; the FFTs hold the target's fields in memory, one at a time.
/// </summary>
public sealed class GalaxyMeasurer(IBlobStore blobs)
{
    public const string Cascade = "cascade";
    public const string Benchmark = "benchmark";

    public async Task<GalaxyMeasurementSummary> MeasureAsync(GalaxyMeasureRequest request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var prediction = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(request.Prediction), cancellationToken).ConfigureAwait(false);
        var target = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(plan.Target), cancellationToken).ConfigureAwait(false);
        var trainingDarkMatter = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(plan.DarkMatterTrain), cancellationToken).ConfigureAwait(false);
        var trainingGalaxies = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(plan.GalaxiesTrain), cancellationToken).ConfigureAwait(false);
        var split = RegionSplit.Blocked(new TileLattice(trainingDarkMatter.Shape, new TilingSpec(plan.Tiling.TileSize, plan.Tiling.Halo, plan.Tiling.Periodic)));
        var benchmark = LocalMeanOccupancy.Fit(trainingDarkMatter, trainingGalaxies, split.Regions(SplitRole.Train));
        var benchmarkCounts = benchmark.PredictCounts(target, request.Seed);
        var benchmarkOccupancy = benchmark.PredictOccupancy(target);
        double boxSize = plan.BoxSize * plan.Tiling.VolumeSize / plan.TrainingGridSize;
        var regions = plan.TargetIsTraining ? split.Regions(SplitRole.Test) : null;
        string region = plan.TargetIsTraining
            ? "the held-out test corner of the training box (the dataset has no target volume; spectra cover the whole box, training region included)"
            : "the whole target volume";

        var slices = new List<GalaxySlice> { Slice("dark matter log(1 + ρ)", target, v => MathF.Log(1 + v)), Slice("cascade prediction", prediction, v => v) };
        var scores = new List<PredictorScores>();
        GalaxySpectra? spectra = null;
        if (plan.Truth is { } truthPath)
        {
            var truth = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(truthPath), cancellationToken).ConfigureAwait(false);
            slices.Insert(1, Slice("true galaxies", truth, v => v));
            slices.Add(Slice("benchmark (Poisson draw)", benchmarkCounts, v => v));
            var cascadeCross = Cross(prediction, truth, boxSize);
            var benchmarkCross = Cross(benchmarkCounts, truth, boxSize);
            scores.Add(Score(Cascade, prediction, prediction, truth, regions, cascadeCross));
            scores.Add(Score(Benchmark, benchmarkOccupancy, benchmarkCounts, truth, regions, benchmarkCross));
            if (cascadeCross?.B is { } truthSpectrum)
            {
                spectra = new GalaxySpectra(truthSpectrum.K, truthSpectrum.ModeCount, truthSpectrum.ShotNoise, truthSpectrum.Power,
                    [.. new[] { (Cascade, cascadeCross), (Benchmark, benchmarkCross) }.Where(p => p.Item2 is not null)
                        .Select(p => new PredictorSpectrum(p.Item1, p.Item2!.A.Power, p.Item2.Transfer, p.Item2.CrossCorrelation))]);
            }
        }

        var measurements = new GalaxyMeasurements(plan.Tiling.VolumeSize, boxSize, plan.Truth is not null, region, scores, spectra, slices);
        var path = BlobLayout.Measurements(request.RunId);
        using (var content = new MemoryStream(ContractJson.SerializeToUtf8Bytes(measurements), writable: false))
        {
            await blobs.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
        }

        var metrics = new Dictionary<string, double>();
        foreach (var score in scores)
        {
            metrics[$"{score.Predictor}.f1"] = score.F1;
            metrics[$"{score.Predictor}.total-ratio"] = score.TrueTotal == 0 ? 0 : score.PredictedTotal / score.TrueTotal;
            if (score.PkError is { } error)
            {
                metrics[$"{score.Predictor}.pk-error"] = error;
            }
        }

        return new GalaxyMeasurementSummary(path.ToString(), metrics);
    }

    /// <summary>Spectra need a non-empty field (δ = ρ/ρ̄ − 1); an empty prediction has none.</summary>
    private static CrossSpectrumResult? Cross(VoxelGrid predicted, VoxelGrid truth, double boxSize) =>
        predicted.Sum() > 0 && truth.Sum() > 0 ? PowerSpectrum.MeasureCross(predicted, truth, boxSize) : null;

    private static PredictorScores Score(string name, VoxelGrid occupancy, VoxelGrid counts, VoxelGrid truth, IReadOnlyList<VoxelRegion>? regions, CrossSpectrumResult? cross)
    {
        var confusion = OccupancyMetrics.Confusion(occupancy, truth, regions);
        var statistics = CountStatistics.Compute(counts, truth, regions);
        return new PredictorScores(name, confusion.Accuracy, confusion.Precision, confusion.Recall, confusion.F1,
            statistics.PredictedTotal, statistics.TrueTotal, statistics.MeanSquaredError,
            cross is null ? null : SpectrumErrors.MeanRelativeErrorHalfNyquist(cross.A, cross.B),
            cross is null ? null : SpectrumErrors.MeanRelativeError(cross.A, cross.B));
    }

    private static GalaxySlice Slice(string label, VoxelGrid grid, Func<float, float> map)
    {
        var s = grid.Shape;
        long start = s.IndexOf(s.Nx / 2, 0, 0);
        var values = new float[s.PlaneSize];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = map(grid.Data[start + i]);
        }

        return new GalaxySlice(label, s.Ny, values);
    }
}
