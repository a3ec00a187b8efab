using System.Globalization;
using Workflows.Orchestration.Cosmology;

namespace Workflows.Reporting;

/// <summary>The content of a galaxy-painting report (<c>report.md</c>, <c>report.html</c>), from the same model as <c>report.json</c>.</summary>
public static class GalaxyPaintingDocument
{
    public static ReportDocument Build(GalaxyPaintingReport report, IReadOnlyList<RenderedPlot> plots)
    {
        var blocks = new List<ReportBlock> { Summary(report) };
        if (report.Errors.Count > 0)
        {
            blocks.Add(new ReportHeading("Errors"));
            blocks.Add(new ReportList(report.Errors));
        }

        if (report.Measurements is { } measurements)
        {
            blocks.Add(new ReportHeading("Cascade vs benchmark"));
            blocks.Add(new ReportParagraph(measurements.HasTruth
                ? $"Scored on {measurements.Region}; P(k) error is the mean |P_pred/P_true − 1| over shells with k ≤ k_Nyq/2 (all shells in brackets), " +
                  $"as mean ± standard deviation over {Draws(measurements.SpectrumScoring)}."
                : "The dataset has no true galaxies for the target volume: nothing to score against."));
            if (measurements.Scores.Count > 0)
            {
                blocks.Add(new ReportTable(["predictor", "accuracy", "precision", "recall", "F1", "total count ratio", "MSE", "P(k) error"],
                    [.. measurements.Scores.Select(s => (IReadOnlyList<string>)
                        [s.Predictor, Number(s.Accuracy), Number(s.Precision), Number(s.Recall), Number(s.F1),
                         s.TrueTotal == 0 ? ReportFormat.Missing : Number(s.PredictedTotal / s.TrueTotal), Number(s.MeanSquaredError),
                         s.PkError is { } error ? $"{Number(error)} ± {Number(s.PkErrorSpread!.Value)} ({Number(s.PkErrorFull!.Value)})" : ReportFormat.Missing])]));
            }
        }

        if (report.Measurements?.Hod is { } hod)
        {
            blocks.Add(new ReportHeading("HOD baseline"));
            blocks.Add(new ReportParagraph(
                $"Fitted on the training box ({hod.TrainingHalos} halos), populating the target's {hod.TargetHalos} halos: Mmin = {Number(hod.MinimumMass)} Msun/h " +
                $"(count ratio {Number(hod.CountRatio)}), M1 = {Number(hod.SatelliteMass)} Msun/h, α = {Number(hod.Alpha)}; " +
                $"P(k) distance {Number(hod.SpectrumDistance)} at k ≤ {Number(hod.MaxK)} h/Mpc."));
        }

        if (report.Training.Count > 0)
        {
            blocks.Add(new ReportHeading("Training"));
            blocks.Add(new ReportTable(["metric", "value"], [.. report.Training.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m.Key, Number(m.Value)])]));
        }

        blocks.Add(new ReportHeading("Prediction"));
        var items = new List<string> { $"{report.PredictJobs.Count} prediction job(s) stitched" };
        items.AddRange(report.RedoneJobs.Select(r => $"job {r.Index} redone: {r.Reason}"));
        blocks.Add(new ReportList(items));
        blocks.AddRange(plots.Select(plot => new ReportFigure(plot)));
        blocks.AddRange(JobAccounting.Section(report.WorkerTimeByKind));
        return new ReportDocument($"Galaxy-painting run {report.RunId}", blocks);
    }

    private static ReportList Summary(GalaxyPaintingReport report)
    {
        var spec = report.Spec.GalaxyPainting;
        var items = new List<string>
        {
            $"Dataset: {report.Dataset}",
            $"State: {report.State}",
            $"Wall time: {ReportFormat.Seconds(report.WallSeconds)}; worker time: {ReportFormat.Seconds(report.WorkerSeconds)}",
        };
        if (spec is not null)
        {
            items.Add($"Model {spec.ModelPreset}, tiling {spec.TilingMode} (tile {spec.TileSize}, halo {(spec.TilingMode == "reproduce" ? 0 : spec.Halo)}), {spec.TilesPerJob} tiles per job, waves of {spec.WaveWidth}");
        }

        if (report.Plan is { } plan)
        {
            items.Add($"Training box {plan.TrainingGridSize}³ ({plan.BoxSize.ToString("0.#", CultureInfo.InvariantCulture)} Mpc/h); target {plan.Tiling.VolumeSize}³" +
                $"{(plan.TargetIsTraining ? " (the training box)" : string.Empty)}{(plan.Tiling.Padded ? ", padded to the tile lattice" : string.Empty)}; " +
                $"{plan.Tiling.TileCount} tiles in {plan.JobCount} jobs");
        }

        return new ReportList(items);
    }

    private static string Draws(SpectrumScoring scoring) =>
        $"{scoring.Draws} seeded realisation(s) of each predictor (Poisson draws of the mean fields, populations of the HOD; seeds from {scoring.FirstSeed}; " +
        (scoring.CalibrationScale is { } scale
            ? $"the cascade's scaled by {Number(scale)}, its true-to-predicted total on the training region)"
            : "the cascade predicts no galaxies on the training region, so it is not calibrated and its P(k) is not scored)");

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
