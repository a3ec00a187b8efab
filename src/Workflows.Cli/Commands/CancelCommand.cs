using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;

namespace Workflows.Cli.Commands;

/// <summary><c>wf cancel &lt;runId&gt;</c>: stop dispatching and have running jobs stop at their next epoch.</summary>
internal static class CancelCommand
{
    public static Command Create(IAnsiConsole? console = null) =>
        RunCommands.Create(console, "cancel", "Cancel a running run: nothing more is dispatched and running jobs stop at their next epoch",
            (api, runId, cancellationToken) => api.PostRunCommandAsync(runId, "cancel", cancellationToken),
            (output, runId) => output.MarkupLineInterpolated($"[green]✓[/] cancel requested for run [bold]{runId}[/]; running jobs stop at their next epoch"));
}
