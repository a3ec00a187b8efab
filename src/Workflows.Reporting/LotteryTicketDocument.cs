namespace Workflows.Reporting;

/// <summary>The content of a lottery-ticket report (<c>report.md</c>, <c>report.html</c>), from the same model as <c>report.json</c>.</summary>
public static class LotteryTicketDocument
{
    public static ReportDocument Build(LotteryTicketReport report, LotteryTicketFigures figures)
    {
        var blocks = new List<ReportBlock> { Summary(report) };
        if (report.Errors.Count > 0)
        {
            blocks.Add(new ReportHeading("Errors"));
            blocks.Add(new ReportList(report.Errors));
        }

        blocks.Add(new ReportHeading("Dense vs winning tickets"));
        blocks.Add(new ReportTable(
            ["backbone", "seed", "strategy", "ticket round", "remaining", "non-zeros", "val Recall@20", "test Recall@20", "test NDCG@20"],
            [.. report.Comparison.SelectMany(ComparisonRows)]));
        blocks.AddRange(figures.Summary.Select(plot => new ReportFigure(plot)));

        blocks.AddRange(JobAccounting.Section(report.Accounting.ByKind));

        foreach (var search in report.Searches)
        {
            blocks.AddRange(Search(search, figures.BySearch.GetValueOrDefault(search.Key) ?? []));
        }

        return new ReportDocument($"Lottery-ticket run {report.RunId}", blocks);
    }

    private static ReportList Summary(LotteryTicketReport report)
    {
        var items = new List<string>
        {
            $"Dataset: {report.Dataset}",
            $"State: {report.State}",
            $"Wall time: {ReportFormat.Seconds(report.Accounting.WallSeconds)}; worker time: {ReportFormat.Seconds(report.Accounting.WorkerSeconds)}",
        };
        if (report.PreparedDataset is { } data)
        {
            items.Add($"Data: {data.Users} users, {data.Items} items, {data.TrainInteractions} train / {data.ValidationInteractions} validation / " +
                $"{data.TestInteractions} test interactions; {data.TotalEntries} embedding entries");
        }

        items.Add($"Selection on {report.Provenance.Selection} (protocol {report.Provenance.Protocol}); seeds {string.Join(", ", report.Provenance.Seeds)}");
        return new ReportList(items);
    }

    private static IEnumerable<IReadOnlyList<string>> ComparisonRows(ComparisonRow row)
    {
        yield return TicketRow(row.Backbone, row.Seed, "dense", row.Dense, "missing");
        foreach (var strategy in row.Strategies)
        {
            yield return TicketRow(row.Backbone, row.Seed, strategy.Strategy, strategy.Winning, $"none ({strategy.State.ToLowerInvariant()})");
        }
    }

    private static IReadOnlyList<string> TicketRow(string backbone, int seed, string strategy, RoundReport? round, string absent) => round is null
        ? [backbone, ReportFormat.Count(seed), strategy, absent, "", "", "", "", ""]
        : [backbone, ReportFormat.Count(seed), strategy, ReportFormat.Count(round.Round),
            ReportFormat.Percent(round.RemainingFraction), ReportFormat.Count(round.NonZeros),
            ReportFormat.Metric(round.ValidationRecall20), ReportFormat.Metric(round.TestRecall20), ReportFormat.Metric(round.TestNdcg20)];

    private static IEnumerable<ReportBlock> Search(SearchReport search, IReadOnlyList<RenderedPlot> curves)
    {
        yield return new ReportHeading($"Search {search.Key}");
        yield return new ReportParagraph(
            $"State {search.State.ToLowerInvariant()}, stopped by {search.StopReason}; worker time {ReportFormat.Seconds(search.WorkerSeconds)}.");
        if (search.Error is { } error)
        {
            yield return new ReportParagraph($"Error: {error}");
        }

        yield return new ReportTable(
            ["round", "remaining", "non-zeros", "val Recall@20", "val NDCG@20", "test Recall@20", "test NDCG@20", "epochs", "worker time"],
            [.. search.Rounds.Select(round => (IReadOnlyList<string>)
                [ReportFormat.Count(round.Round), ReportFormat.Percent(round.RemainingFraction), ReportFormat.Count(round.NonZeros),
                    ReportFormat.Metric(round.ValidationRecall20), ReportFormat.Metric(round.ValidationNdcg20),
                    ReportFormat.Metric(round.TestRecall20), ReportFormat.Metric(round.TestNdcg20),
                    round.Training is { } training ? ReportFormat.Count(training.EpochsRun) : ReportFormat.Missing, ReportFormat.Seconds(round.WorkerSeconds)])]);
        yield return new ReportParagraph($"Tickets (on validation Recall@20): winning {Describe(search.Tickets.Winning)}; " +
            $"within 1 % {Describe(search.Tickets.Within1Percent)}; within 5 % {Describe(search.Tickets.Within5Percent)}.");
        foreach (var plot in curves)
        {
            yield return new ReportFigure(plot);
        }
    }

    private static string Describe(RoundReport? round) => round is null ? "none" : $"round {round.Round} ({ReportFormat.Percent(round.RemainingFraction)} remaining)";
}
