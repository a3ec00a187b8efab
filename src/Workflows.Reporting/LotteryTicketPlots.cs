using ScottPlot;
using Workflows.Orchestration.Recsys;

namespace Workflows.Reporting;

/// <summary>
/// The plots of a lottery-ticket report: per backbone, test Recall@20 and NDCG@20 against the remaining fraction of the
/// embedding table for every search, with each seed's dense model as a line and each search's winning ticket marked;
/// per search, the training curves of its rounds (selection Recall@20 and loss by epoch) when the results carry them.
/// </summary>
public static class LotteryTicketPlots
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>Training-curve legends name at most about this many rounds (evenly spaced, the last always); colour runs dense to sparse.</summary>
    private const int MaxLegendRounds = 10;

    public static LotteryTicketFigures Render(LotteryTicketReport report)
    {
        var summary = new List<RenderedPlot>();
        foreach (var backbone in report.Searches.GroupBy(s => s.Backbone, StringComparer.Ordinal))
        {
            summary.Add(MetricVersusRemaining(report, backbone.Key, [.. backbone], "Recall@20", "recall20", r => r.TestRecall20));
            summary.Add(MetricVersusRemaining(report, backbone.Key, [.. backbone], "NDCG@20", "ndcg20", r => r.TestNdcg20));
        }

        var bySearch = report.Searches.Where(s => s.Rounds.Any(r => r.Training is not null)).ToDictionary(s => s.Key, IReadOnlyList<RenderedPlot> (search) =>
        [
            TrainingCurves(search, "selection Recall@20", "recall20-by-epoch", Alignment.LowerRight,
                training => [.. training.Evaluations.Select(e => (Epoch: (double)e.Epoch, Value: e.Recall20))]),
            TrainingCurves(search, "training loss", "loss-by-epoch", Alignment.UpperRight,
                training => [.. training.Loss.Select((loss, epoch) => (Epoch: (double)epoch, Value: loss))]),
        ], StringComparer.Ordinal);
        return new LotteryTicketFigures(summary, bySearch);
    }

    private static RenderedPlot MetricVersusRemaining(LotteryTicketReport report, string backbone, IReadOnlyList<SearchReport> searches,
        string metricName, string fileSuffix, Func<RoundReport, double?> metric)
    {
        using var plot = new Plot();
        bool severalSeeds = searches.Select(s => s.Seed).Distinct().Count() > 1;
        foreach (var dense in report.Dense.Where(d => d.Backbone == backbone && metric(d) is not null))
        {
            var line = plot.Add.HorizontalLine(metric(dense)!.Value, width: 1.5f, pattern: LinePattern.Dashed);
            line.Color = Colors.Black;
            line.LegendText = severalSeeds ? $"dense (seed {dense.Seed})" : "dense";
        }

        foreach (var search in searches)
        {
            var rounds = search.Rounds.Where(r => metric(r) is not null).OrderByDescending(r => r.RemainingFraction).ToList();
            if (rounds.Count == 0)
            {
                continue;
            }

            string label = severalSeeds ? $"{search.Strategy} (seed {search.Seed})" : search.Strategy;
            var scatter = plot.Add.Scatter(rounds.Select(r => r.RemainingFraction * 100).ToArray(), rounds.Select(r => metric(r)!.Value).ToArray());
            scatter.LegendText = label;
            if (search.Tickets.Winning is { } ticket && metric(ticket) is { } value)
            {
                var marker = plot.Add.Marker(ticket.RemainingFraction * 100, value, MarkerShape.FilledDiamond, size: 14);
                marker.Color = scatter.Color;
                marker.LegendText = $"{label} winning ticket";
            }
        }

        plot.Title($"{backbone}: test {metricName} vs remaining parameters");
        plot.XLabel("remaining embedding parameters (%), sparser to the right");
        plot.YLabel($"test {metricName}");
        var remaining = searches.SelectMany(s => s.Rounds).Select(r => r.RemainingFraction * 100).DefaultIfEmpty(100).ToList();
        double margin = Math.Max(1, (remaining.Max() - remaining.Min()) * 0.04);
        plot.Axes.SetLimitsX(remaining.Max() + margin, remaining.Min() - margin);
        plot.ShowLegend(Alignment.LowerLeft);
        return RenderedPlot.Render(plot, $"{backbone}-{fileSuffix}", $"{backbone}: test {metricName} against the remaining fraction of parameters", Width, Height);
    }

    private static RenderedPlot TrainingCurves(SearchReport search, string quantity, string fileSuffix, Alignment legend,
        Func<TrainRoundDetails, IReadOnlyList<(double Epoch, double Value)>> curve)
    {
        using var plot = new Plot();
        var rounds = search.Rounds.Where(r => r.Training is not null).ToList();
        var colors = new ScottPlot.Colormaps.Viridis();
        int labelEvery = (int)Math.Ceiling(rounds.Count / (double)MaxLegendRounds);
        for (int i = 0; i < rounds.Count; i++)
        {
            var points = curve(rounds[i].Training!);
            if (points.Count > 0)
            {
                var scatter = plot.Add.Scatter(points.Select(p => p.Epoch + 1).ToArray(), points.Select(p => p.Value).ToArray());
                scatter.MarkerSize = points.Count > 1 ? 0 : 5;
                scatter.Color = colors.GetColor(rounds.Count == 1 ? 0 : i / (rounds.Count - 1.0) * 0.9);
                if (i % labelEvery == 0 || i == rounds.Count - 1)
                {
                    scatter.LegendText = $"round {rounds[i].Round} ({ReportFormat.Percent(rounds[i].RemainingFraction)})";
                }
            }
        }

        plot.Title($"{search.Key}: {quantity} by epoch");
        plot.XLabel("epoch");
        plot.YLabel(quantity);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(legend);
        return RenderedPlot.Render(plot, $"{search.Key}-{fileSuffix}", $"{search.Key}: {quantity} by epoch, one line per round", Width, Height);
    }
}

/// <param name="Summary">Per backbone: the metrics against the remaining fraction.</param>
/// <param name="BySearch">Training curves by search key (searches whose results carry none are absent).</param>
public sealed record LotteryTicketFigures(IReadOnlyList<RenderedPlot> Summary, IReadOnlyDictionary<string, IReadOnlyList<RenderedPlot>> BySearch)
{
    public IEnumerable<RenderedPlot> All => Summary.Concat(BySearch.Values.SelectMany(plots => plots));
}
