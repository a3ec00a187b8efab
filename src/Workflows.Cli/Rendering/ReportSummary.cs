using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary>
/// The short summary <c>wf demo</c> ends each run with, read from <c>report.json</c> (schema v1): for a lottery-ticket
/// run, per backbone, the dense model against each strategy's winning ticket (test Recall@20 and NDCG@20, sparsity)
/// from its <c>comparison</c> section; for a galaxy-painting run, the cascade against the local benchmark from its
/// <c>measurements</c>.
/// </summary>
internal static class ReportSummary
{
    public static void Write(IAnsiConsole console, RunStatus status, byte[]? reportJson)
    {
        console.Write(new Rule("[bold]Summary[/]").LeftJustified());
        console.MarkupLineInterpolated($"run {status.RunId}: [bold]{RunStatusView.Name(status.State)}[/], {status.Progress.JobsDone}/{status.Progress.JobsTotal} jobs, {status.Progress.WorkerSeconds.ToString("F0", CultureInfo.InvariantCulture)} worker-seconds");
        if (reportJson is null)
        {
            console.MarkupLine("[yellow]No report was written[/]; the run's errors are above.");
            return;
        }

        using var report = JsonDocument.Parse(reportJson);
        if (report.RootElement.TryGetProperty("measurements", out var measurements) && measurements.ValueKind == JsonValueKind.Object)
        {
            WriteGalaxyScores(console, measurements);
            return;
        }

        if (!report.RootElement.TryGetProperty("comparison", out var comparison) || comparison.ValueKind != JsonValueKind.Array)
        {
            console.MarkupLine("[yellow]report.json has neither a comparison nor a measurements section[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("backbone").AddColumn("model").AddColumn(new TableColumn("sparsity").RightAligned())
            .AddColumn(new TableColumn("test Recall@20").RightAligned()).AddColumn(new TableColumn("test NDCG@20").RightAligned())
            .AddColumn(new TableColumn("vs dense").RightAligned());
        foreach (var row in comparison.EnumerateArray())
        {
            string backbone = $"{row.GetProperty("backbone").GetString()} (seed {row.GetProperty("seed").GetInt32()})";
            double? denseRecall = Number(Round(row, "dense"), "testRecall20");
            AddRound(table, backbone, "dense", Round(row, "dense"), denseRecall);
            foreach (var strategy in row.GetProperty("strategies").EnumerateArray())
            {
                string name = strategy.GetProperty("strategy").GetString() ?? "?";
                var winning = Round(strategy, "winning");
                AddRound(table, "", winning is null ? $"{name}: no ticket" : $"{name} ticket", winning ?? Round(strategy, "sparsest"), denseRecall);
            }
        }

        console.Write(table);
        console.MarkupLine("[grey]A ticket is the sparsest round whose validation Recall@20 stays within the spec's tolerance of the dense model.[/]");
    }

    private static void WriteGalaxyScores(IAnsiConsole console, JsonElement measurements)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("predictor").AddColumn(new TableColumn("occupancy F1").RightAligned())
            .AddColumn(new TableColumn("precision").RightAligned()).AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("P(k) error, k ≤ k_Nyq/2").RightAligned()).AddColumn(new TableColumn("galaxies predicted / true").RightAligned());
        foreach (var scores in measurements.GetProperty("scores").EnumerateArray())
        {
            double? predicted = Number(scores, "predictedTotal"), truth = Number(scores, "trueTotal");
            table.AddRow(
                Markup.Escape(scores.GetProperty("predictor").GetString() ?? "?"),
                Format(Number(scores, "f1")),
                Format(Number(scores, "precision")),
                Format(Number(scores, "recall")),
                Format(Number(scores, "pkError")),
                predicted is { } p && truth is { } t ? $"{p.ToString("F0", CultureInfo.InvariantCulture)} / {t.ToString("F0", CultureInfo.InvariantCulture)}" : "-");
        }

        console.Write(table);
        console.MarkupLineInterpolated($"[grey]Scored over {measurements.GetProperty("region").GetString() ?? "the painted volume"}.[/]");
    }

    private static void AddRound(Table table, string backbone, string model, JsonElement? round, double? denseRecall)
    {
        double? remaining = Number(round, "remainingFraction");
        double? recall = Number(round, "testRecall20");
        table.AddRow(
            Markup.Escape(backbone),
            Markup.Escape(model),
            remaining is { } r ? (1 - r).ToString("P1", CultureInfo.InvariantCulture) : "-",
            Format(recall),
            Format(Number(round, "testNdcg20")),
            recall is { } value && denseRecall is { } dense && dense > 0 && model != "dense"
                ? ((value - dense) / dense).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture)
                : "");
    }

    private static JsonElement? Round(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var round) && round.ValueKind == JsonValueKind.Object ? round : null;

    private static double? Number(JsonElement? round, string name) =>
        round is { } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string Format(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";
}
