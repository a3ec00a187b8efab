using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary>A run's status as the terminal shows it: a summary grid, one progress row per ticket search, errors.</summary>
internal static class RunStatusView
{
    private const int BarWidth = 20;

    public static string Name(RunState state) => ContractJson.Serialize(state).Trim('"');

    public static IRenderable Render(RunStatus status)
    {
        var progress = status.Progress;
        var summary = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        summary.AddRow(new Markup("[grey]run[/]"), new Markup($"[bold]{Markup.Escape(status.RunId)}[/]"));
        summary.AddRow(new Markup("[grey]dataset[/]"), new Text(status.Dataset));
        summary.AddRow(new Markup("[grey]state[/]"), new Markup($"[{Color(status.State)}]{Name(status.State)}[/] [grey]({Markup.Escape(status.Phase)})[/]"));
        summary.AddRow(new Markup("[grey]jobs[/]"), new Markup(
            $"{progress.JobsDone}/{progress.JobsTotal} done" + (progress.JobsFailed > 0 ? $", [red]{progress.JobsFailed} failed[/]" : "") +
            $" [grey]· {progress.WorkerSeconds.ToString("F0", CultureInfo.InvariantCulture)} worker-seconds[/]"));
        if (status.CreatedAt is { } created)
        {
            var elapsed = (status.LastUpdatedAt ?? DateTimeOffset.UtcNow) - created;
            summary.AddRow(new Markup("[grey]time[/]"), new Text($"started {Times.Clock(created)}, {Times.Duration(elapsed)}"));
        }

        var parts = new List<IRenderable> { summary };
        if (progress.Steps.Count > 0)
        {
            var steps = new Table().Border(TableBorder.Simple)
                .AddColumn("search").AddColumn("state").AddColumn("rounds").AddColumn(new TableColumn("remaining").RightAligned())
                .AddColumn(new TableColumn("Recall@20").RightAligned());
            foreach (var step in progress.Steps)
            {
                steps.AddRow(
                    new Text(step.Key),
                    new Markup($"[{StepColor(step.State)}]{Markup.Escape(step.State)}[/]"),
                    new Markup($"{Bar(step.Done, step.Total)} {step.Done}/{step.Total}"),
                    new Text(step.RemainingFraction is { } remaining ? remaining.ToString("P1", CultureInfo.InvariantCulture) : "-"),
                    new Text(step.Metric is { } metric ? metric.ToString("F4", CultureInfo.InvariantCulture) : "-"));
            }

            parts.Add(steps);
        }

        foreach (string error in status.Errors.Concat(progress.Errors).Distinct())
        {
            parts.Add(new Markup($"[red]error:[/] {Markup.Escape(error)}"));
        }

        return new Rows(parts);
    }

    private static string Bar(int done, int total)
    {
        int filled = total <= 0 ? 0 : (int)Math.Round(BarWidth * Math.Clamp((double)done / total, 0, 1));
        return $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]";
    }

    public static string Color(RunState state) => state switch
    {
        RunState.Completed => "green",
        RunState.CompletedWithFailures => "yellow",
        RunState.Failed => "red",
        RunState.Cancelled => "grey",
        _ => "blue",
    };

    private static string StepColor(string state) => state switch
    {
        "completed" or "succeeded" => "green",
        "failed" => "red",
        "running" => "blue",
        _ => "grey",
    };
}
