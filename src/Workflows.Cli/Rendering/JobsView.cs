using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary>A run's jobs, one row each: state, latest attempt, epoch, last heartbeat, worker and failed attempts.</summary>
internal static class JobsView
{
    public static IRenderable Render(IReadOnlyList<JobStatusSummary> jobs)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("job").AddColumn("state").AddColumn(new TableColumn("attempt").RightAligned()).AddColumn(new TableColumn("epoch").RightAligned())
            .AddColumn("heartbeat").AddColumn("worker").AddColumn(new TableColumn("failures").RightAligned());
        foreach (var job in jobs)
        {
            table.AddRow(
                new Text(job.JobId),
                new Markup($"[{Color(job.State)}]{ContractJson.Serialize(job.State).Trim('"')}[/]"),
                new Text(job.Attempt.ToString(CultureInfo.InvariantCulture)),
                new Text(job.Epoch is { } epoch ? $"{epoch}/{job.TotalEpochs?.ToString(CultureInfo.InvariantCulture) ?? "?"}" : "-"),
                new Text(Times.Clock(job.LastHeartbeat)),
                new Text(job.WorkerId),
                new Text(job.Failures.Count.ToString(CultureInfo.InvariantCulture)));
        }

        return table;
    }

    private static string Color(JobState state) => state switch
    {
        JobState.Succeeded => "green",
        JobState.Failed => "red",
        JobState.Running => "blue",
        _ => "grey",
    };
}
