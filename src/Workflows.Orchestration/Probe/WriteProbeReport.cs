using System.Globalization;
using System.Text;
using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Probe;

/// <summary>Writes a probe's <c>report.json</c> (<see cref="PlatformProbeReport"/>) and a short <c>report.md</c>; rewriting gives the same content.</summary>
public sealed class WriteProbeReport(IBlobStore blobs) : TaskActivity<ProbeReportInput, RunReportPaths>
{
    public override async Task<RunReportPaths> RunAsync(TaskActivityContext context, ProbeReportInput input)
    {
        var report = PlatformProbeReport.From(input);
        var json = BlobLayout.ReportJson(input.RunId);
        var markdown = BlobLayout.ReportMarkdown(input.RunId);
        using (var content = new MemoryStream(ContractJson.SerializeToUtf8Bytes(report)))
        {
            await blobs.WriteAsync(json, content, CancellationToken.None);
        }

        using (var content = new MemoryStream(Encoding.UTF8.GetBytes(Markdown(report))))
        {
            await blobs.WriteAsync(markdown, content, CancellationToken.None);
        }

        return new RunReportPaths(json.ToString(), markdown.ToString());
    }

    internal static string Markdown(PlatformProbeReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # Platform probe {report.RunId}

            State: {ContractJson.Serialize(report.State).Trim('"')}. {report.JobsSucceeded} of {report.JobsPlanned} no-op jobs succeeded, {report.JobsFailed} failed, at most {report.MaxConcurrentJobs} in flight; {report.ElapsedSeconds:F3} s from the first dispatch to the last outcome, {report.JobsPerSecond:F2} jobs/s.

            | seconds | min | median | p95 | max | mean |
            |---|---|---|---|---|---|
            {Row("dispatch to outcome", report.Latency)}
            {Row("worker", report.WorkerTime)}

            """);
        foreach (string error in report.Errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {error}");
        }

        return text.ToString();
    }

    private static string Row(string name, SecondsSummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {s.Min:F3} | {s.Median:F3} | {s.P95:F3} | {s.Max:F3} | {s.Mean:F3} |");
}
