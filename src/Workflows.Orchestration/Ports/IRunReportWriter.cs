using Workflows.Orchestration.Recsys;

namespace Workflows.Orchestration.Ports;

/// <summary>
/// Writes a finished (or partly finished) run's report: <c>runs/{runId}/report.json</c> (schema-versioned) and
/// <c>report.md</c>. Implemented by Workflows.Reporting; called from the report activity.
/// </summary>
public interface IRunReportWriter
{
    /// <remarks>Idempotent: writing the same run's report twice replaces it with the same content.</remarks>
    Task<RunReportLocation> WriteAsync(LotteryTicketReportInput input, CancellationToken cancellationToken);
}

/// <param name="Json">Path of <c>report.json</c> as <c>container/name</c>.</param>
/// <param name="Markdown">Path of <c>report.md</c> as <c>container/name</c>.</param>
public sealed record RunReportLocation(string Json, string Markdown);
