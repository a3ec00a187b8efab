using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Recsys;

namespace Workflows.Reporting;

/// <summary>
/// Reads every round's <c>result.json</c>, builds the report and writes the plots (PNG and SVG under <c>plots/</c>), then
/// <c>report.json</c>, <c>report.md</c> and the self-contained <c>report.html</c> beside them.
/// </summary>
public sealed class RunReportWriter(IBlobStore blobs, ILogger<RunReportWriter> logger) : IRunReportWriter
{
    /// <summary>
    /// The contract options, indented, with nulls written: a report says "no winning ticket" explicitly, and reads back
    /// into <see cref="LotteryTicketReport"/> (whose positional records require every member).
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(ContractJson.Options) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The dataset's files with their content hashes now; empty when its manifest is gone or invalid.</summary>
    private async Task<IReadOnlyList<FileFingerprint>> DatasetFilesAsync(string dataset, CancellationToken cancellationToken)
    {
        var path = BlobLayout.Manifest(dataset);
        if (await blobs.TryReadAsync(path, cancellationToken).ConfigureAwait(false) is not { } content)
        {
            return [];
        }

        try
        {
            return await DatasetFingerprints.ReadAsync(blobs, dataset, DatasetManifest.Parse(content.Data.Span, path.ToString()), cancellationToken).ConfigureAwait(false);
        }
        catch (ContractValidationException)
        {
            return [];
        }
    }

    public async Task<RunReportLocation> WriteAsync(LotteryTicketReportInput input, CancellationToken cancellationToken)
    {
        var jobIds = JobIds(input).ToList();
        var results = new Dictionary<string, JobResult>(StringComparer.Ordinal);
        foreach (string jobId in jobIds)
        {
            var path = BlobLayout.JobResult(input.RunId, jobId);
            if (await blobs.TryReadAsync(path, cancellationToken).ConfigureAwait(false) is { } content)
            {
                results[jobId] = ContractJson.Deserialize<JobResult>(content.Data.Span, path.ToString());
            }
        }

        if (results.Count < jobIds.Count)
        {
            Log.ResultsMissing(logger, input.RunId, jobIds.Count - results.Count, jobIds.Count);
        }

        var report = LotteryTicketReportBuilder.Build(input, results, await DatasetFilesAsync(input.Dataset, cancellationToken).ConfigureAwait(false));
        var figures = LotteryTicketPlots.Render(report);
        var plots = figures.All.ToList();
        report = report with { Plots = await ReportBlobs.WritePlotsAsync(blobs, input.RunId, plots, cancellationToken).ConfigureAwait(false) };
        var document = LotteryTicketDocument.Build(report, figures);
        var jsonPath = BlobLayout.ReportJson(input.RunId);
        await ReportBlobs.WriteAsync(blobs, jsonPath, stream => JsonSerializer.SerializeAsync(stream, report, JsonOptions, cancellationToken), cancellationToken).ConfigureAwait(false);
        var (markdownPath, htmlPath) = await ReportBlobs.WriteDocumentAsync(blobs, input.RunId, document, cancellationToken).ConfigureAwait(false);
        Log.ReportWritten(logger, input.RunId, jsonPath.ToString(), markdownPath.ToString(), htmlPath.ToString(), plots.Count);
        return new RunReportLocation(jsonPath.ToString(), markdownPath.ToString());
    }

    /// <summary>The plot folder relative to the report's folder (<c>plots/</c>), as <see cref="BlobLayout"/> places both.</summary>
    public static string PlotFolder(string runId)
    {
        string report = BlobLayout.ReportMarkdown(runId).Name;
        string reportFolder = report[..(report.LastIndexOf('/') + 1)];
        string plot = BlobLayout.Plot(runId, "").Name;
        return plot.StartsWith(reportFolder, StringComparison.Ordinal)
            ? plot[reportFolder.Length..]
            : throw new InvalidOperationException($"plots ({plot}) are not under the report's folder ({reportFolder})");
    }

    private static IEnumerable<string> JobIds(LotteryTicketReportInput input) =>
        input.Dense.Select(d => d.JobId)
            .Concat(input.Searches.SelectMany(s => s.Rounds.Where(r => r.Round > 0).Select(r => RecsysJobIds.SearchRound(input.RunId, s.Key, r.Round))))
            .Distinct(StringComparer.Ordinal);
}
