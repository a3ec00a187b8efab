using Workflows.Contracts;
using Workflows.Cosmology.Baselines;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Prediction;
using Workflows.Cosmology.Spectra;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// Scores the stitched prediction and the local mean-occupancy benchmark (fitted on the training region of the training
/// box) against the truth: occupancy, counts and P(k)/T(k)/r(k) over the periodic target box. When the target is the
/// training box itself, occupancy and counts are scored on its held-out test corner only. P(k) errors are those of seeded
/// realisations (<see cref="DrawnSpectrumScore"/>, as the engine's quality benchmark scores them): Poisson draws of the
/// cascade's mean field calibrated by the train job (<see cref="CosmoTrainHandler.CalibrationScaleMetric"/>) and of the
/// benchmark's fitted mean. With halo catalogues, the HOD baseline fitted on the training box is a third predictor, its
/// populations of the target's halos scored the same way. Writes <see cref="BlobLayout.Measurements"/>; the FFTs hold the target's fields in memory, one at a time.
/// </summary>
public sealed class GalaxyMeasurer(IBlobStore blobs)
{
    public const string Cascade = "cascade";
    public const string Benchmark = "benchmark";
    public const string Hod = "hod";

    public async Task<GalaxyMeasurementSummary> MeasureAsync(GalaxyMeasureRequest request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var prediction = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(request.Prediction), cancellationToken).ConfigureAwait(false);
        var target = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(plan.Target), cancellationToken).ConfigureAwait(false);
        var trainingDarkMatter = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(plan.DarkMatterTrain), cancellationToken).ConfigureAwait(false);
        var trainingGalaxies = await GridBlob.ReadAllAsync(blobs, BlobPath.Parse(plan.GalaxiesTrain), cancellationToken).ConfigureAwait(false);
        var train = await blobs.TryReadAsync(BlobPath.Parse(request.TrainResult), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{request.TrainResult}: the train job's result is missing");
        var spec = request.Spec;
        var scoring = new SpectrumScoring(spec.SpectrumDraws, spec.Seed,
            ContractJson.Deserialize<JobResult>(train.Data.Span, request.TrainResult).Metrics.TryGetValue(CosmoTrainHandler.CalibrationScaleMetric, out double scale) ? scale : null);
        var split = RegionSplit.Blocked(new TileLattice(trainingDarkMatter.Shape, new TilingSpec(plan.Tiling.TileSize, plan.Tiling.Halo, plan.Tiling.Periodic)));
        var benchmark = LocalMeanOccupancy.Fit(trainingDarkMatter, trainingGalaxies, split.Regions(SplitRole.Train));
        var benchmarkMean = benchmark.PredictMean(target);
        var benchmarkCounts = PoissonRealisation.Draw(benchmarkMean, spec.Seed);
        double boxSize = plan.BoxSize * plan.Tiling.VolumeSize / plan.TrainingGridSize;
        var hod = await FitHodAsync(plan, spec, trainingGalaxies, boxSize, cancellationToken).ConfigureAwait(false);
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
            Predictor[] predictors =
            [
                new(Cascade, prediction, prediction, scoring.CalibrationScale is { } calibration ? PoissonDraws(new CountCalibration(calibration).Apply(prediction)) : null),
                new(Benchmark, benchmark.PredictOccupancy(target), benchmarkCounts, PoissonDraws(benchmarkMean)),
            ];
            if (hod is { } fitted)
            {
                var hodCounts = fitted.Draw(spec.Seed);
                predictors = [.. predictors, new(Hod, hodCounts, hodCounts, fitted.Draw)];
            }

            var truthSpectrum = truth.Sum() > 0 ? PowerSpectrum.Measure(truth, boxSize) : null;
            var curves = new List<PredictorSpectrum>();
            foreach (var predictor in predictors)
            {
                var drawn = truthSpectrum is not null && predictor.Draw is { } draw
                    ? DrawnSpectrumScore.Measure(draw, scoring.FirstSeed, scoring.Draws, grid => PowerSpectrum.Measure(grid, boxSize), truthSpectrum)
                    : null;
                scores.Add(Score(predictor, truth, regions, drawn));
                if (drawn is not null)
                {
                    var first = PowerSpectrum.MeasureCross(predictor.Draw!(scoring.FirstSeed), truth, boxSize);
                    curves.Add(new PredictorSpectrum(predictor.Name, first.A.Power, first.Transfer, first.CrossCorrelation));
                }
            }

            if (truthSpectrum is not null)
            {
                spectra = new GalaxySpectra(truthSpectrum.K, truthSpectrum.ModeCount, truthSpectrum.ShotNoise, truthSpectrum.Power, curves);
            }
        }

        var measurements = new GalaxyMeasurements(plan.Tiling.VolumeSize, boxSize, plan.Truth is not null, region, scores, slices, scoring, spectra, hod?.Fit);
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

    /// <summary>
    /// The HOD baseline when the plan has halo catalogues: fitted on the whole training box (its galaxies and halos, with the
    /// spec's (α, M1) grid and seed), then drawing populations of the target's halos on the target's grid.
    /// </summary>
    private async Task<(HodBaselineFit Fit, Func<int, VoxelGrid> Draw)?> FitHodAsync(GalaxyPlan plan, GalaxyPaintingSpec spec, VoxelGrid trainingGalaxies, double targetBoxSize, CancellationToken cancellationToken)
    {
        if (plan.HalosTrain is not { } trainingPath || plan.HalosTarget is not { } targetPath)
        {
            return null;
        }

        var trainingHalos = await HalosAsync(trainingPath, cancellationToken).ConfigureAwait(false);
        var targetHalos = await HalosAsync(targetPath, cancellationToken).ConfigureAwait(false);
        var options = new HodFitOptions(spec.HodAlphas, spec.HodSatelliteMasses, Seed: spec.Seed);
        var fit = HodFit.Fit(trainingHalos, trainingGalaxies, plan.BoxSize, options);
        var parameters = fit.Parameters;
        return (new HodBaselineFit(parameters.MinimumMass, parameters.SatelliteMass, parameters.Alpha, fit.AchievedCountRatio, fit.SpectrumDistance, options.MaxK, trainingHalos.Count, targetHalos.Count),
            seed => HodFit.Paint(parameters, targetHalos, targetBoxSize, plan.Tiling.VolumeSize, seed));
    }

    private async Task<HaloCatalogue> HalosAsync(string path, CancellationToken cancellationToken)
    {
        var content = await blobs.TryReadAsync(BlobPath.Parse(path), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{path}: the prepared halo catalogue is missing");
        return HaloCatalogueFile.Read(new MemoryStream(content.Data.ToArray(), writable: false), path);
    }

    /// <summary>Seeded Poisson realisations of a mean field; none for an empty field, which has no spectrum.</summary>
    private static Func<int, VoxelGrid>? PoissonDraws(VoxelGrid mean) => mean.Sum() > 0 ? seed => PoissonRealisation.Draw(mean, seed) : null;

    private static PredictorScores Score(Predictor predictor, VoxelGrid truth, IReadOnlyList<VoxelRegion>? regions, DrawnSpectrumScore? drawn)
    {
        var confusion = OccupancyMetrics.Confusion(predictor.Occupancy, truth, regions);
        var statistics = CountStatistics.Compute(predictor.Counts, truth, regions);
        return new PredictorScores(predictor.Name, confusion.Accuracy, confusion.Precision, confusion.Recall, confusion.F1,
            statistics.PredictedTotal, statistics.TrueTotal, statistics.MeanSquaredError, drawn?.HalfNyquist, drawn?.HalfNyquistSpread, drawn?.FullRange);
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

    /// <param name="Occupancy">Where the predictor puts galaxies (non-zero voxels), scored for F1.</param>
    /// <param name="Counts">Its counts, scored for totals and MSE: the cascade's mean field, the benchmark's and the HOD's first draw.</param>
    /// <param name="Draw">Its galaxies drawn with a seed, scored for P(k); null when there is nothing to draw from.</param>
    private sealed record Predictor(string Name, VoxelGrid Occupancy, VoxelGrid Counts, Func<int, VoxelGrid>? Draw);
}
