using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Datasets;
using Workflows.Cli.Rendering;
using Workflows.Contracts;
using Workflows.LocalStack;

namespace Workflows.Cli.Commands;

/// <summary>
/// <c>wf demo</c>: the README's main command. Starts the local stack, submits the LastFM sample with a small spec,
/// watches it, prints where the report is and a short summary, then stops the stack.
/// </summary>
internal static class DemoCommand
{
    public static string SampleFolder => Path.Combine(WorkflowsLocalStack.RepositoryRoot, "samples", "lastfm");

    public static string SampleSpec => Path.Combine(WorkflowsLocalStack.RepositoryRoot, "samples", "specs", "lastfm-demo.json");

    public static Command Create(IAnsiConsole? console = null)
    {
        var spec = new Option<FileInfo>("--spec") { Description = "Run spec to use instead of samples/specs/lastfm-demo.json", HelpName = "file" };
        var workers = new Option<int>("--workers", "-w") { Description = "Worker processes", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Run the LastFM lottery-ticket demo end to end on a local stack, then print the report's location and a summary")
        {
            spec, workers,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, () => RunAsync(output, parseResult.GetValue(spec)?.FullName ?? SampleSpec, parseResult.GetValue(workers), cancellationToken), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string specFile, int workers, CancellationToken cancellationToken)
    {
        var dataset = DatasetFolder.Load(SampleFolder, datasetName: null, specFile);
        console.Write(new Rule("[bold]Workflows demo: lottery tickets for LastFM recommenders[/]").LeftJustified());
        var options = new LocalStackOptions
        {
            Workers = workers,
            HostPort = 0,
            Settings = new Dictionary<string, string> { ["Workflows:Watcher:Interval"] = "00:00:01" },
        };
        await using var stack = await UpCommand.StartStackAsync(console, options, cancellationToken);
        console.Write(UpCommand.EndpointsTable(stack));

        var endpoints = new CliEndpoints(stack.Endpoints.HostUrl, stack.Endpoints.StorageConnectionString);
        string runId = await DatasetSubmitter.SubmitAsync(console, dataset, endpoints, cancellationToken)
            ?? throw new CliException(ExitCodes.Unavailable, $"the host started no run for the uploaded manifest; see {Path.Combine(stack.StackDirectory, "host.log")}");
        console.MarkupLineInterpolated($"Run [bold]{runId}[/] started; progress:");

        using var api = new WorkflowsApiClient(endpoints.ApiUrl);
        var final = await StatusWatcher.WatchAsync(console, api, runId, StatusWatcher.DefaultInterval, cancellationToken);
        var report = await SaveReportAsync(api, runId, cancellationToken);
        ReportSummary.Write(console, final, report?.Json);

        console.Write(new Rule("[bold]Where things are[/]").LeftJustified());
        console.MarkupLineInterpolated($"report (blob):  {BlobLayout.ReportMarkdown(runId)} and {BlobLayout.ReportJson(runId)}");
        if (report is not null)
        {
            console.MarkupLineInterpolated($"report (local): {report.MarkdownPath}");
        }

        console.MarkupLineInterpolated($"logs:           {stack.StackDirectory}");
        console.MarkupLine("Stopping the local stack...");
        return final.State == RunState.Completed ? ExitCodes.Success : ExitCodes.RunNotSuccessful;
    }

    private sealed record SavedReport(string MarkdownPath, byte[] Json);

    /// <summary>Copies report.md and report.json to .local/demo/{runId}/ (the stack's storage is in memory); null when there is no report.</summary>
    private static async Task<SavedReport?> SaveReportAsync(WorkflowsApiClient api, string runId, CancellationToken cancellationToken)
    {
        byte[]? markdown = await api.GetReportAsync(runId, "md", cancellationToken);
        byte[]? json = await api.GetReportAsync(runId, "json", cancellationToken);
        if (markdown is null || json is null)
        {
            return null;
        }

        string folder = Path.Combine(WorkflowsLocalStack.RepositoryRoot, ".local", "demo", runId);
        Directory.CreateDirectory(folder);
        string reportFile = Path.Combine(folder, "report.md");
        await File.WriteAllBytesAsync(reportFile, markdown, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(folder, "report.json"), json, cancellationToken);
        return new SavedReport(reportFile, json);
    }
}
