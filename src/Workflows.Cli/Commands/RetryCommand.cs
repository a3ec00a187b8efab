using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;

namespace Workflows.Cli.Commands;

/// <summary><c>wf retry &lt;runId&gt;</c>: restart a failed or cancelled run under its id, reusing every finished job.</summary>
internal static class RetryCommand
{
    public static Command Create(IAnsiConsole? console = null) =>
        RunCommands.Create(console, "retry", "Restart a failed, cancelled or partly failed run under the same id; finished jobs are reused, not run again",
            (api, runId, cancellationToken) => api.PostRunCommandAsync(runId, "retry", cancellationToken),
            (output, runId) =>
            {
                output.MarkupLineInterpolated($"[green]✓[/] run [bold]{runId}[/] restarted; finished jobs are reused");
                output.MarkupLineInterpolated($"  watch: wf status {runId} --watch");
            });
}
