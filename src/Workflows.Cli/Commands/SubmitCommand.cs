using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Datasets;

namespace Workflows.Cli.Commands;

/// <summary><c>wf submit &lt;folder&gt;</c>: validate a dataset folder, upload it (manifest last), print the run it starts.</summary>
internal static class SubmitCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "A dataset folder: dataset.json and the files it lists" };
        var spec = new Option<FileInfo>("--spec") { Description = "A run spec (JSON) to run instead of the manifest's default", HelpName = "file" };
        var dataset = new Option<string>("--dataset") { Description = "Upload under this dataset name instead of the manifest's", HelpName = "name" };
        var command = new Command("submit", "Validate a dataset folder, upload its files and then its manifest (which starts the run), print the run id and status URL")
        {
            folder, spec, dataset, CliEndpoints.ApiOption, CliEndpoints.StorageOption,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                var local = DatasetFolder.Load(parseResult.GetValue(folder)!.FullName, parseResult.GetValue(dataset), parseResult.GetValue(spec)?.FullName);
                output.MarkupLineInterpolated($"[green]✓[/] {local.Manifest.Name}: manifest and {local.Manifest.Files.Count} file(s) are valid");
                var endpoints = CliEndpoints.Resolve(parseResult);
                string? runId = await DatasetSubmitter.SubmitAsync(output, local, endpoints, cancellationToken);
                if (runId is null)
                {
                    output.MarkupLine("[yellow]No run started yet[/]: the manifest is uploaded; check the host's log or `wf status` later.");
                    return ExitCodes.Success;
                }

                using var api = new WorkflowsApiClient(endpoints.ApiUrl);
                output.MarkupLineInterpolated($"[green]✓[/] run [bold]{runId}[/]");
                output.MarkupLineInterpolated($"  status: {api.StatusUrl(runId)}");
                output.MarkupLineInterpolated($"  watch:  wf status {runId} --watch");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
