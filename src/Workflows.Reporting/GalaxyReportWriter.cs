using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;

namespace Workflows.Reporting;

/// <summary>
/// Writes a galaxy-painting run's report from its index, the <c>result.json</c> of the train job and of the stitched
/// prediction jobs, and <c>measurements.json</c>: plots of P(k), T(k), r(k) and mid-plane slices, then <c>report.json</c>,
/// <c>report.md</c> and <c>report.html</c>.
/// </summary>
public sealed class GalaxyReportWriter(IBlobStore blobs, ILogger<GalaxyReportWriter> logger) : IGalaxyReportWriter
{
    public async Task<RunReportLocation> WriteAsync(GalaxyReportInput input, CancellationToken cancellationToken)
    {
        var results = await ReadResultsAsync(input, cancellationToken).ConfigureAwait(false);
        var training = input.TrainResult is { } trainPath && results.GetValueOrDefault(trainPath) is { } train ? train.Metrics : new Dictionary<string, double>();
        var measurements = input.Measurements is { } summary && await blobs.TryReadAsync(BlobPath.Parse(summary.Measurements), cancellationToken).ConfigureAwait(false) is { } measured
            ? ContractJson.Deserialize<GalaxyMeasurements>(measured.Data.Span, summary.Measurements)
            : null;
        var plots = measurements is null ? [] : Plots(measurements);
        var report = new GalaxyPaintingReport(GalaxyPaintingReport.CurrentSchemaVersion, input.RunId, input.Dataset, input.State, input.Spec, input.Errors, input.Plan,
            training, [.. input.PredictJobs.Select(j => j.JobId)], input.RedoneJobs, measurements, input.WorkerSeconds,
            Math.Max(0, (input.FinishedAt - input.StartedAt).TotalSeconds), JobAccounting.ByKind(results.Values),
            await ReportBlobs.WritePlotsAsync(blobs, input.RunId, plots, cancellationToken).ConfigureAwait(false));

        var jsonPath = BlobLayout.ReportJson(input.RunId);
        await ReportBlobs.WriteAsync(blobs, jsonPath, stream => JsonSerializer.SerializeAsync(stream, report, RunReportWriter.JsonOptions, cancellationToken), cancellationToken).ConfigureAwait(false);
        var (markdownPath, htmlPath) = await ReportBlobs.WriteDocumentAsync(blobs, input.RunId, GalaxyPaintingDocument.Build(report, plots), cancellationToken).ConfigureAwait(false);
        Log.ReportWritten(logger, input.RunId, jsonPath.ToString(), markdownPath.ToString(), htmlPath.ToString(), plots.Count);
        return new RunReportLocation(jsonPath.ToString(), markdownPath.ToString());
    }

    /// <summary>The train job's and the stitched prediction jobs' results by path; a result that is gone is left out (and logged).</summary>
    private async Task<Dictionary<string, JobResult>> ReadResultsAsync(GalaxyReportInput input, CancellationToken cancellationToken)
    {
        var paths = input.PredictJobs.Select(j => j.ResultPath).Prepend(input.TrainResult).OfType<string>().ToList();
        var results = new Dictionary<string, JobResult>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (await blobs.TryReadAsync(BlobPath.Parse(path), cancellationToken).ConfigureAwait(false) is { } content)
            {
                results[path] = ContractJson.Deserialize<JobResult>(content.Data.Span, path);
            }
        }

        if (results.Count < paths.Count)
        {
            Log.AccountedResultsMissing(logger, input.RunId, paths.Count - results.Count, paths.Count);
        }

        return results;
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
