using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Testing;

namespace Workflows.Reporting.Tests;

/// <summary>The report of <see cref="FinishedRun"/>, written once per test class by <see cref="RunReportWriter"/>.</summary>
public sealed class WrittenReport : IAsyncLifetime
{
    private readonly FinishedRun run = new();

    public RunReportLocation Location { get; private set; } = null!;

    public LotteryTicketReport Json { get; private set; } = null!;

    public string Markdown { get; private set; } = "";

    public string Html { get; private set; } = "";

    public InMemoryBlobStore Blobs => run.Blobs;

    public async Task InitializeAsync()
    {
        var writer = new RunReportWriter(run.Blobs, NullLogger<RunReportWriter>.Instance);
        Location = await writer.WriteAsync(run.Input, TestTimeouts.After(TimeSpan.FromMinutes(2)));
        Json = JsonSerializer.Deserialize<LotteryTicketReport>(Blobs.Read(BlobPath.Parse(Location.Json)), RunReportWriter.JsonOptions)!;
        Markdown = Encoding.UTF8.GetString(Blobs.Read(BlobPath.Parse(Location.Markdown)));
        Html = Encoding.UTF8.GetString(Blobs.Read(BlobLayout.ReportHtml(FinishedRun.RunId)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A file of the report's folder by its path relative to that folder (as report.json and report.md name plots).</summary>
    public byte[] ReadRelative(string relativePath)
    {
        var markdown = BlobPath.Parse(Location.Markdown);
        return Blobs.Read(markdown with { Name = markdown.Name[..(markdown.Name.LastIndexOf('/') + 1)] + relativePath });
    }
}
