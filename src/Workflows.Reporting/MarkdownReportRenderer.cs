using System.Globalization;
using System.Text;

namespace Workflows.Reporting;

/// <summary>Renders <c>report.md</c> from the same model as <c>report.json</c>, so the two never disagree.</summary>
public static class MarkdownReportRenderer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(LotteryTicketReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Lottery-ticket run `{report.RunId}`").AppendLine();
        md.AppendLine($"- Dataset: `{report.Dataset}`");
        md.AppendLine($"- State: **{report.State}**");
        md.AppendLine($"- Wall time: {(report.FinishedAt - report.StartedAt).TotalSeconds.ToString("0", Invariant)} s; worker time: {report.WorkerSeconds.ToString("0", Invariant)} s");
        if (report.PreparedDataset is { } data)
        {
            md.AppendLine($"- Data: {data.Users} users, {data.Items} items, {data.TrainInteractions} train / {data.ValidationInteractions} validation / {data.TestInteractions} test interactions; {data.TotalEntries} embedding entries");
        }

        md.AppendLine($"- Selection on {report.Provenance.Selection} (protocol `{report.Provenance.Protocol}`); seeds {string.Join(", ", report.Provenance.Seeds)}");
        if (report.Errors.Count > 0)
        {
            md.AppendLine().AppendLine("## Errors").AppendLine();
            foreach (string error in report.Errors)
            {
                md.AppendLine($"- {Escape(error)}");
            }
        }

        md.AppendLine().AppendLine("## Dense vs winning tickets").AppendLine();
        md.AppendLine("| backbone | seed | strategy | ticket round | remaining | non-zeros | val Recall@20 | test Recall@20 | test NDCG@20 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in report.Comparison)
        {
            md.AppendLine(TicketRow(row.Backbone, row.Seed, "dense", row.Dense));
            foreach (var strategy in row.Strategies)
            {
                md.AppendLine(strategy.Winning is null
                    ? $"| {row.Backbone} | {row.Seed} | {strategy.Strategy} | none ({strategy.State.ToLowerInvariant()}) | | | | | |"
                    : TicketRow(row.Backbone, row.Seed, strategy.Strategy, strategy.Winning));
            }
        }

        foreach (var search in report.Searches)
        {
            md.AppendLine().AppendLine($"## Search `{search.Key}`").AppendLine();
            md.AppendLine($"State {search.State.ToLowerInvariant()}, stopped by {search.StopReason}; worker time {search.WorkerSeconds.ToString("0", Invariant)} s.");
            if (search.Error is { } error)
            {
                md.AppendLine().AppendLine($"Error: {Escape(error)}");
            }

            md.AppendLine().AppendLine("| round | remaining | non-zeros | val Recall@20 | val NDCG@20 | test Recall@20 | test NDCG@20 |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var round in search.Rounds)
            {
                md.AppendLine($"| {round.Round} | {Fraction(round.RemainingFraction)} | {round.NonZeros} | {Number(round.ValidationRecall20)} | {Number(round.ValidationNdcg20)} | {Number(round.TestRecall20)} | {Number(round.TestNdcg20)} |");
            }

            md.AppendLine().AppendLine($"Tickets (on validation Recall@20): winning {Describe(search.Tickets.Winning)}; within 1 % {Describe(search.Tickets.Within1Percent)}; within 5 % {Describe(search.Tickets.Within5Percent)}.");
        }

        return md.ToString();
    }

    private static string TicketRow(string backbone, int seed, string strategy, RoundReport? round) => round is null
        ? $"| {backbone} | {seed} | {strategy} | missing | | | | | |"
        : $"| {backbone} | {seed} | {strategy} | {round.Round} | {Fraction(round.RemainingFraction)} | {round.NonZeros} | {Number(round.ValidationRecall20)} | {Number(round.TestRecall20)} | {Number(round.TestNdcg20)} |";

    private static string Describe(RoundReport? round) => round is null ? "none" : $"round {round.Round} ({Fraction(round.RemainingFraction)} remaining)";

    private static string Fraction(double value) => value.ToString("0.00%", Invariant);

    private static string Number(double? value) => value?.ToString("0.0000", Invariant) ?? "–";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
