using Microsoft.DurableTask;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Recsys;

/// <summary>Writes <c>report.json</c> and <c>report.md</c> through <see cref="IRunReportWriter"/>.</summary>
public sealed class WriteRunReport(IRunReportWriter writer) : TaskActivity<LotteryTicketReportInput, RunReportPaths>
{
    public override async Task<RunReportPaths> RunAsync(TaskActivityContext context, LotteryTicketReportInput input)
    {
        var location = await writer.WriteAsync(input, CancellationToken.None);
        return new RunReportPaths(location.Json, location.Markdown);
    }
}
