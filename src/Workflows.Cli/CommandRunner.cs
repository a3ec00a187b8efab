using Spectre.Console;
using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.LocalStack;
using Workflows.Recsys.Data;

namespace Workflows.Cli;

/// <summary>Runs a command's body and turns every expected failure into one clear message and its exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(IAnsiConsole console, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (CliException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ex.ExitCode;
        }
        catch (ContractValidationException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Source} is invalid:");
            foreach (var error in ex.Errors)
            {
                console.MarkupLineInterpolated($"  [yellow]{error.Field}[/]: {error.Message}");
            }

            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is DatasetFormatException or GridFormatException)
        {
            // Both name the file (and line) at fault in their message.
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (LocalStackException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the local stack could not start: {ex.Message}");
            return ExitCodes.Unavailable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[grey]cancelled[/]");
            return ExitCodes.Cancelled;
        }
    }
}
