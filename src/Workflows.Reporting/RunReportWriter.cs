using System.Text;
using System.Text.Json;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Recsys;

namespace Workflows.Reporting;

/// <summary>Reads every round's <c>result.json</c>, builds the report and writes <c>report.json</c> then <c>report.md</c>.</summary>
public sealed class RunReportWriter(IBlobStore blobs) : IRunReportWriter
{
    public static JsonSerializerOptions JsonOptions { get; } = new(ContractJson.Options) { WriteIndented = true };

    public async Task<RunReportLocation> WriteAsync(LotteryTicketReportInput input, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, JobResult>(StringComparer.Ordinal);
        foreach (string jobId in JobIds(input))
        {
            var path = BlobLayout.JobResult(input.RunId, jobId);
            if (await blobs.TryReadAsync(path, cancellationToken) is { } content)
            {
                results[jobId] = ContractJson.Deserialize<JobResult>(content.Data.Span, path.ToString());
            }
        }

        var report = LotteryTicketReportBuilder.Build(input, results);
        var jsonPath = BlobLayout.ReportJson(input.RunId);
        var markdownPath = BlobLayout.ReportMarkdown(input.RunId);
        await WriteAsync(jsonPath, JsonSerializer.SerializeToUtf8Bytes(report, JsonOptions), cancellationToken);
        await WriteAsync(markdownPath, Encoding.UTF8.GetBytes(MarkdownReportRenderer.Render(report)), cancellationToken);
        return new RunReportLocation(jsonPath.ToString(), markdownPath.ToString());
    }

    private static IEnumerable<string> JobIds(LotteryTicketReportInput input) =>
        input.Dense.Select(d => d.JobId)
            .Concat(input.Searches.SelectMany(s => s.Rounds.Where(r => r.Round > 0).Select(r => RecsysJobIds.SearchRound(input.RunId, s.Key, r.Round))))
            .Distinct(StringComparer.Ordinal);

    private async Task WriteAsync(BlobPath path, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await blobs.WriteAsync(path, stream, cancellationToken);
    }
}
