using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.Reporting.Tests;

public sealed class RunReportWriterEdgeTests
{
    /// <summary>The device comes from each result itself, not from the train-round details.</summary>
    [Fact]
    public async Task WriteAsync_ResultsWithoutDetails_WritesNoCurvesButAccountsTheResultsDevice()
    {
        var run = new FinishedRun(withDetails: false);
        var (report, markdown) = await WriteAsync(run);

        Assert.Equal(["plots/mf-recall20.png", "plots/mf-ndcg20.png"], report.Plots.Select(p => p.Png));
        Assert.All(report.Searches.SelectMany(s => s.Rounds), round => Assert.Null(round.Training));
        Assert.Empty(report.Provenance.Devices);
        Assert.Equal(["cpu"], Assert.Single(report.Accounting.ByKind).Devices);
        Assert.Equal(["cpu"], Table(markdown, "Worker time").Column("device"));
        Assert.All(Table(markdown, "Search mf-imp-s7").Column("epochs"), cell => Assert.Equal("–", cell));
    }

    /// <summary>Results written before workers recorded their device.</summary>
    [Fact]
    public async Task WriteAsync_ResultsWithoutDevice_AccountsAnUnknownDevice()
    {
        var (report, markdown) = await WriteAsync(new FinishedRun(deviceOf: _ => null));

        var kind = Assert.Single(report.Accounting.ByKind);
        Assert.Equal((JobKinds.RecsysTrainRound, 10, 125.0), (kind.Kind, kind.Jobs, kind.WorkerSeconds));
        Assert.Empty(kind.Devices);
        Assert.Equal(["unknown"], Table(markdown, "Worker time").Column("device"));
    }

    /// <summary>The dense round on an A100, the even-numbered search rounds from an older worker (no device), the odd ones on the CPU.</summary>
    [Fact]
    public async Task WriteAsync_ResultsOnSeveralDevices_ListsEveryRecordedDeviceOfTheKind()
    {
        var (report, markdown) = await WriteAsync(new FinishedRun(deviceOf: job => job == 0 ? "cuda (A100)" : job % 2 == 0 ? null : "cpu"));

        var kind = Assert.Single(report.Accounting.ByKind);
        Assert.Equal((JobKinds.RecsysTrainRound, 10, 125.0), (kind.Kind, kind.Jobs, kind.WorkerSeconds));
        Assert.Equal(["cpu", "cuda (A100)"], kind.Devices);
        var table = Table(markdown, "Worker time");
        Assert.Equal(["job kind", "jobs", "worker time", "device"], table.Columns);
        Assert.Equal([["recsys.train-round", "10", "125 s", "cpu, cuda (A100)"]], table.Rows);
    }

    [Fact]
    public async Task WriteAsync_RoundResultMissing_ReportsTheRoundWithoutNumbers()
    {
        var run = new FinishedRun();
        string key = RecsysJobIds.SearchKey(FinishedRun.Backbone, PruningStrategies.Imp, FinishedRun.Seed);
        var missing = BlobLayout.JobResult(FinishedRun.RunId, RecsysJobIds.SearchRound(FinishedRun.RunId, key, 3));
        await run.Blobs.DeletePrefixAsync(missing.Container, missing.Name, TestTimeouts.After(TimeSpan.FromMinutes(1)));

        var (report, markdown) = await WriteAsync(run);

        var table = Table(markdown, $"Search {key}");
        Assert.Equal(["0.1904", "0.1949", "0.1909", "–"], table.Column("test Recall@20"));
        Assert.Equal(["100.0 %", "90.0 %", "81.0 %", "72.9 %"], table.Column("remaining"));
        Assert.Equal(9, Assert.Single(report.Accounting.ByKind).Jobs);
        Assert.Equal(2, report.Searches.Single(s => s.Key == key).Tickets.Winning?.Round);
    }

    private static async Task<(LotteryTicketReport Report, string Markdown)> WriteAsync(FinishedRun run)
    {
        var location = await new RunReportWriter(run.Blobs, NullLogger<RunReportWriter>.Instance).WriteAsync(run.Input, TestTimeouts.After(TimeSpan.FromMinutes(2)));
        var report = JsonSerializer.Deserialize<LotteryTicketReport>(run.Blobs.Read(BlobPath.Parse(location.Json)), RunReportWriter.JsonOptions)!;
        return (report, Encoding.UTF8.GetString(run.Blobs.Read(BlobPath.Parse(location.Markdown))));
    }

    private static MarkdownTables.Table Table(string markdown, string heading) => Assert.Single(MarkdownTables.Parse(markdown), t => t.Heading == heading);
}
