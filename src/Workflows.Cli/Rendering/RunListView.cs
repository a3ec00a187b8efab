using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary><c>wf runs</c>: one row per run, newest first as the API lists them.</summary>
internal static class RunListView
{
    public static IRenderable Render(IReadOnlyList<RunStatus> runs)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("run").AddColumn("dataset").AddColumn("kind").AddColumn("state")
            .AddColumn(new TableColumn("jobs").RightAligned()).AddColumn("created").AddColumn(new TableColumn("took").RightAligned());
        foreach (var run in runs)
        {
            var progress = run.Progress;
            table.AddRow(
                new Text(run.RunId),
                new Text(run.Dataset),
                new Text(ContractJson.Serialize(run.Family).Trim('"')),
                new Markup($"[{RunStatusView.Color(run.State)}]{RunStatusView.Name(run.State)}[/]"),
                new Text($"{progress.JobsDone.ToString(CultureInfo.InvariantCulture)}/{progress.JobsTotal.ToString(CultureInfo.InvariantCulture)}"),
                new Text(Times.Date(run.CreatedAt)),
                new Text(run.CreatedAt is { } created && run.LastUpdatedAt is { } updated ? Times.Duration(updated - created) : "-"));
        }

        return table;
    }
}
