using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;

namespace Workflows.Reporting;

/// <summary>
/// Writes a galaxy-painting run's report from its index, the train job's <c>result.json</c> and <c>measurements.json</c>:
/// plots of P(k), T(k), r(k) and mid-plane slices, then <c>report.json</c>, <c>report.md</c> and <c>report.html</c>.
/// </summary>
public sealed class GalaxyReportWriter(IBlobStore blobs, ILogger<GalaxyReportWriter> logger) : IGalaxyReportWriter
{
    public async Task<RunReportLocation> WriteAsync(GalaxyReportInput input, CancellationToken cancellationToken)
    {
        var training = input.TrainResult is { } trainPath && await blobs.TryReadAsync(BlobPath.Parse(trainPath), cancellationToken).ConfigureAwait(false) is { } train
            ? ContractJson.Deserialize<JobResult>(train.Data.Span, trainPath).Metrics
            : new Dictionary<string, double>();
        var measurements = input.Measurements is { } summary && await blobs.TryReadAsync(BlobPath.Parse(summary.Measurements), cancellationToken).ConfigureAwait(false) is { } measured
            ? ContractJson.Deserialize<GalaxyMeasurements>(measured.Data.Span, summary.Measurements)
            : null;
        var plots = measurements is null ? [] : Plots(measurements);
        var report = new GalaxyPaintingReport(GalaxyPaintingReport.CurrentSchemaVersion, input.RunId, input.Dataset, input.State, input.Spec, input.Errors, input.Plan,
            training, [.. input.PredictJobs.Select(j => j.JobId)], input.RedoneJobs, measurements, input.WorkerSeconds,
            Math.Max(0, (input.FinishedAt - input.StartedAt).TotalSeconds), await ReportBlobs.WritePlotsAsync(blobs, input.RunId, plots, cancellationToken).ConfigureAwait(false));

        var jsonPath = BlobLayout.ReportJson(input.RunId);
        await ReportBlobs.WriteAsync(blobs, jsonPath, stream => JsonSerializer.SerializeAsync(stream, report, RunReportWriter.JsonOptions, cancellationToken), cancellationToken).ConfigureAwait(false);
        var (markdownPath, htmlPath) = await ReportBlobs.WriteDocumentAsync(blobs, input.RunId, GalaxyPaintingDocument.Build(report, plots), cancellationToken).ConfigureAwait(false);
        Log.ReportWritten(logger, input.RunId, jsonPath.ToString(), markdownPath.ToString(), htmlPath.ToString(), plots.Count);
        return new RunReportLocation(jsonPath.ToString(), markdownPath.ToString());
    }

    /// <summary>P(k), T(k) and r(k) when there are spectra, then one heatmap per slice.</summary>
    public static IReadOnlyList<RenderedPlot> Plots(GalaxyMeasurements measurements)
    {
        var plots = new List<RenderedPlot>();
        if (measurements.Spectra is { } spectra)
        {
            plots.Add(GalaxyPaintingPlots.PowerSpectra("power-spectra",
                [new SpectrumCurve("truth", spectra.K, spectra.Truth), .. spectra.Predictors.Select(p => new SpectrumCurve(p.Predictor, spectra.K, p.Power))]));
            plots.Add(GalaxyPaintingPlots.TransferFunction("transfer", [.. spectra.Predictors.Select(p => new SpectrumCurve(p.Predictor, spectra.K, p.Transfer))]));
            plots.Add(GalaxyPaintingPlots.CrossCorrelation("cross-correlation", [.. spectra.Predictors.Select(p => new SpectrumCurve(p.Predictor, spectra.K, p.CrossCorrelation))]));
        }

        plots.AddRange(measurements.Slices.Select((slice, i) =>
            GalaxyPaintingPlots.Slice($"slice-{i}", new GridSlice($"{slice.Label}, x = {measurements.GridSize / 2}", slice.Size, slice.Size, slice.Values))));
        return plots;
    }
}
