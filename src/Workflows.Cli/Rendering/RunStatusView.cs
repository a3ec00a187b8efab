using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary>
/// A run's status as the terminal shows it: a summary grid (jobs, worker time by job kind, elapsed time, ETA), one
/// progress row per ticket search, one per running job from its last heartbeat (epochs, metrics), errors.
/// </summary>
internal static class RunStatusView
{
    private const int BarWidth = 20;

    public static string Name(RunState state) => ContractJson.Serialize(state).Trim('"');

    /// <param name="jobs">The run's jobs (<c>GET .../jobs</c>): the running ones get a row each; none when null.</param>
    /// <param name="now">The clock time the view is drawn at, for elapsed time, ETA and heartbeat ages.</param>
    public static IRenderable Render(RunStatus status, IReadOnlyList<JobStatusSummary>? jobs = null, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var progress = status.Progress;
        var summary = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        summary.AddRow(new Markup("[grey]run[/]"), new Markup($"[bold]{Markup.Escape(status.RunId)}[/]"));
        summary.AddRow(new Markup("[grey]dataset[/]"), new Text(status.Dataset));
        summary.AddRow(new Markup("[grey]state[/]"), new Markup($"[{Color(status.State)}]{Name(status.State)}[/] [grey]({Markup.Escape(status.Phase)})[/]"));
        summary.AddRow(new Markup("[grey]jobs[/]"), new Markup(
            $"{progress.JobsDone}/{progress.JobsTotal} done" + (progress.JobsFailed > 0 ? $", [red]{progress.JobsFailed} failed[/]" : "")));
        summary.AddRow(new Markup("[grey]worker time[/]"), new Text(WorkerTime(progress)));
        if (status.CreatedAt is { } created)
        {
            var elapsed = (status.State.IsFinished() ? status.LastUpdatedAt ?? at : at) - created;
            string eta = Eta.Estimate(status, jobs ?? [], at) is { } left ? $", about {Times.Duration(left)} to go" : "";
            summary.AddRow(new Markup("[grey]time[/]"), new Text($"started {Times.Clock(created)}, {Times.Duration(elapsed)}{eta}"));
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

        var running = (jobs ?? []).Where(job => job.State == JobState.Running).ToList();
        if (running.Count > 0)
        {
            parts.Add(RunningJobs(running, at));
        }

        foreach (string error in status.Errors.Concat(progress.Errors).Distinct())
        {
            parts.Add(new Markup($"[red]error:[/] {Markup.Escape(error)}"));
        }

        return new Rows(parts);
    }

    /// <summary><c>41 s (recsys.train-round 41 s)</c>: the total, then each job kind's share.</summary>
    public static string WorkerTime(RunProgress progress)
    {
        string total = $"{progress.WorkerSeconds.ToString("F0", CultureInfo.InvariantCulture)} s";
        return progress.WorkerSecondsByKind.Count == 0
            ? total
            : $"{total} ({string.Join(", ", progress.WorkerSecondsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value.ToString("F0", CultureInfo.InvariantCulture)} s"))})";
    }

    /// <summary>One row per running job: its epochs as a bar, its last heartbeat's metrics, how long ago that was, the worker.</summary>
    private static Table RunningJobs(IReadOnlyList<JobStatusSummary> running, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("running job").AddColumn("epochs").AddColumn("metrics").AddColumn(new TableColumn("heartbeat").RightAligned()).AddColumn("worker");
        foreach (var job in running)
        {
            table.AddRow(
                new Text(job.JobId),
                new Markup(job.Epoch is { } epoch && job.TotalEpochs is { } total ? $"{Bar(epoch, total)} {epoch}/{total}" : "[grey]starting[/]"),
                new Text(job.Metrics.Count == 0 ? "-" : string.Join(", ", job.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value.ToString("F4", CultureInfo.InvariantCulture)}"))),
                new Text(job.LastHeartbeat is { } beat ? $"{Times.Duration(now - beat)} ago" : "-"),
                new Text(job.WorkerId));
        }

        return table;
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
