using System.Text;
using Workflows.Contracts;
using Workflows.Orchestration.Recsys;

namespace Workflows.Reporting.Tests;

public sealed class RunReportWriterTests(WrittenReport written) : IClassFixture<WrittenReport>
{
    private static readonly string[] ExpectedPlots =
    [
        "mf-recall20", "mf-ndcg20",
        "mf-imp-s7-recall20-by-epoch", "mf-imp-s7-loss-by-epoch",
        "mf-omp-s7-recall20-by-epoch", "mf-omp-s7-loss-by-epoch",
        "mf-random-s7-recall20-by-epoch", "mf-random-s7-loss-by-epoch",
    ];

    /// <summary>The code, packages and device every round recorded, and the dataset's files with their MD5s and content hash.</summary>
    [Fact]
    public void WriteAsync_FinishedRun_RecordsProvenance()
    {
        var provenance = written.Json.Provenance;
        FileFingerprint[] files =
        [
            new("test.tsv", Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(FinishedRun.TestFile)))),
            new("train.tsv", Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(FinishedRun.TrainFile)))),
        ];

        Assert.Equal(["1.0.0+0123abc"], provenance.CodeVersions);
        Assert.Equal([("TorchSharp", "0.107.0"), ("libtorch", "2.7.1")], provenance.Packages.Select(p => (p.Key, Assert.Single(p.Value))));
        Assert.Equal(["cpu"], provenance.Devices);
        Assert.Equal(files, provenance.DatasetFiles);
        Assert.Equal(Identifiers.DatasetContentHash(files), provenance.DatasetContentHash);
        Assert.Equal([FinishedRun.Seed], provenance.Seeds);
        Assert.Equal(["worker-a"], provenance.Workers);
        Assert.StartsWith("Workflows.Reporting 1.0.0+", provenance.GeneratedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAsync_FinishedRun_WritesEveryPlotAsPngOfThePlotSizeUnderPlots()
    {
        foreach (string plot in ExpectedPlots)
        {
            var png = written.Blobs.Read(BlobLayout.Plot(FinishedRun.RunId, $"{plot}.png"));
            Assert.Equal((LotteryTicketPlots.Width, LotteryTicketPlots.Height), PngHeader.Read(png));
            string svg = Encoding.UTF8.GetString(written.Blobs.Read(BlobLayout.Plot(FinishedRun.RunId, $"{plot}.svg")));
            Assert.Contains($"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{LotteryTicketPlots.Width}\" height=\"{LotteryTicketPlots.Height}\">", svg, StringComparison.Ordinal);
        }

        Assert.Equal(ExpectedPlots.Length * 2, written.Blobs.Paths.Count(p => p.Name.StartsWith($"{FinishedRun.RunId}/plots/", StringComparison.Ordinal)));
    }

    [Fact]
    public void WriteAsync_FinishedRun_MetricPlotsLegendTheDenseLineEveryStrategyAndEachWinningTicket()
    {
        foreach (string plot in new[] { "mf-recall20.svg", "mf-ndcg20.svg" })
        {
            var texts = SvgTexts.Read(Encoding.UTF8.GetString(written.Blobs.Read(BlobLayout.Plot(FinishedRun.RunId, plot))));
            Assert.Equal(["dense", "imp", "imp winning ticket", "omp", "omp winning ticket", "random"], texts.Where(t => t is "dense" or "imp" or "omp" or "random" || t.EndsWith("ticket", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void WriteAsync_FinishedRun_ReportJsonIsSchemaVersionedAndListsThePlotsItWrote()
    {
        Assert.Equal("workflows/lottery-ticket-report/v1", written.Json.Schema);
        Assert.Equal(ExpectedPlots.Select(p => $"plots/{p}.png"), written.Json.Plots.Select(p => p.Png));
        Assert.All(written.Json.Plots, plot =>
        {
            Assert.Equal((plot.Width, plot.Height), PngHeader.Read(written.ReadRelative(plot.Png)));
            Assert.NotEmpty(written.ReadRelative(plot.Svg));
        });
    }

    [Fact]
    public void WriteAsync_FinishedRun_ReportMarkdownShowsEveryPlotWithItsSvg()
    {
        foreach (var plot in written.Json.Plots)
        {
            Assert.Contains($"]({plot.Png}) ([SVG]({plot.Svg}))", written.Markdown, StringComparison.Ordinal);
        }

        Assert.Contains("![mf: test Recall@20 against the remaining fraction of parameters](plots/mf-recall20.png)", written.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAsync_FinishedRun_ReportHtmlEmbedsEveryPlotAsBase64Png()
    {
        Assert.StartsWith("<!DOCTYPE html>", written.Html, StringComparison.Ordinal);
        foreach (var plot in written.Json.Plots)
        {
            Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(written.ReadRelative(plot.Png))}\"", written.Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("src=\"plots/", written.Html, StringComparison.Ordinal);
        Assert.Equal(written.Json.Plots.Count, CountOf(written.Html, "<img "));
    }

    [Fact]
    public void WriteAsync_FinishedRun_ComparisonTableMatchesReportJson()
    {
        var table = Table("Dense vs winning tickets");
        var expected = written.Json.Comparison.SelectMany(row => new[] { ("dense", row.Dense) }.Concat(row.Strategies.Select(s => (s.Strategy, s.Winning)))).ToList();
        Assert.Equal(expected.Select(e => e.Item1), table.Column("strategy"));
        Assert.Equal(expected.Select(e => e.Item2 is null ? "none (completed)" : e.Item2.Round.ToString(System.Globalization.CultureInfo.InvariantCulture)), table.Column("ticket round"));
        Assert.Equal(expected.Select(e => e.Item2 is null ? "" : ReportFormat.Percent(e.Item2.RemainingFraction)), table.Column("remaining"));
        Assert.Equal(expected.Select(e => e.Item2 is null ? "" : ReportFormat.Metric(e.Item2.TestRecall20)), table.Column("test Recall@20"));
        Assert.Equal(expected.Select(e => e.Item2 is null ? "" : ReportFormat.Metric(e.Item2.TestNdcg20)), table.Column("test NDCG@20"));

        // The same numbers, rounded by hand: dense 5 000 entries; imp's ticket is round 2 (4 050 = 81 %), omp's round 1 (4 500 = 90 %).
        Assert.Equal(["0", "2", "1", "none (completed)"], table.Column("ticket round"));
        Assert.Equal(["100.0 %", "81.0 %", "90.0 %", ""], table.Column("remaining"));
        Assert.Equal(["5000", "4050", "4500", ""], table.Column("non-zeros"));
        Assert.Equal(["0.2000", "0.2010", "0.2001", ""], table.Column("val Recall@20"));
        Assert.Equal(["0.1904", "0.1909", "0.1900", ""], table.Column("test Recall@20"));
        Assert.Equal(["0.1501", "0.1608", "0.1601", ""], table.Column("test NDCG@20"));
    }

    [Fact]
    public void WriteAsync_FinishedRun_EverySearchTableMatchesReportJson()
    {
        Assert.Equal(3, written.Json.Searches.Count);
        foreach (var search in written.Json.Searches)
        {
            var table = Table($"Search {search.Key}");
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Count(r.Round)), table.Column("round"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Percent(r.RemainingFraction)), table.Column("remaining"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Count(r.NonZeros)), table.Column("non-zeros"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Metric(r.ValidationRecall20)), table.Column("val Recall@20"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Metric(r.ValidationNdcg20)), table.Column("val NDCG@20"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Metric(r.TestRecall20)), table.Column("test Recall@20"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Metric(r.TestNdcg20)), table.Column("test NDCG@20"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Count(r.Training!.EpochsRun)), table.Column("epochs"));
            Assert.Equal(search.Rounds.Select(r => ReportFormat.Seconds(r.WorkerSeconds)), table.Column("worker time"));
            Assert.Equal(["100.0 %", "90.0 %", "81.0 %", "72.9 %"], table.Column("remaining"));
            Assert.All(table.Column("worker time"), cell => Assert.Equal("12.5 s", cell));
        }
    }

    [Fact]
    public void WriteAsync_FinishedRun_AccountsWorkerTimeByJobKindWithTheDevice()
    {
        var kind = Assert.Single(written.Json.Accounting.ByKind);
        Assert.Equal(JobKinds.RecsysTrainRound, kind.Kind);
        Assert.Equal(10, kind.Jobs);
        Assert.Equal(10 * FinishedRun.SecondsPerJob, kind.WorkerSeconds);
        Assert.Equal(["cpu"], kind.Devices);
        Assert.Equal(180, written.Json.Accounting.WallSeconds);
        Assert.Equal(125, written.Json.Accounting.WorkerSeconds);

        var table = Table("Worker time");
        Assert.Equal(["recsys.train-round"], table.Column("job kind"));
        Assert.Equal(["10"], table.Column("jobs"));
        Assert.Equal(["125 s"], table.Column("worker time"));
        Assert.Equal(["cpu"], table.Column("device"));
        Assert.Contains("- Wall time: 180 s; worker time: 125 s", written.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAsync_FinishedRun_KeepsEachRoundsTrainingCurves()
    {
        var round = written.Json.Searches.Single(s => s.Strategy == PruningStrategies.Imp).Rounds.Single(r => r.Round == 2);
        var training = Assert.IsType<TrainRoundDetails>(round.Training);
        Assert.Equal([0.6931, 0.52, 0.41, 0.37], training.Loss);
        Assert.Equal([1, 3], training.Evaluations.Select(e => e.Epoch));
        Assert.Equal(0.2010, training.Evaluations[^1].Recall20, 12);
        Assert.Equal("cpu", training.Device);
    }

    private MarkdownTables.Table Table(string heading) => Assert.Single(MarkdownTables.Parse(written.Markdown), t => t.Heading == heading);

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
