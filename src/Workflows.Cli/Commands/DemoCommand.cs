using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Datasets;
using Workflows.Cli.Rendering;
using Workflows.Cli.Reports;
using Workflows.Contracts;
using Workflows.Cosmology.Synthetic;
using Workflows.LocalStack;

namespace Workflows.Cli.Commands;

/// <summary>
/// <c>wf demo</c>: the README's main command. Starts the local stack, submits the LastFM sample with a small spec, then
/// a small synthetic universe for galaxy painting; watches each, prints where its report is and a short summary, then
/// stops the stack.
/// </summary>
internal static class DemoCommand
{
    public static string SampleFolder => Path.Combine(WorkflowsLocalStack.RepositoryRoot, "samples", "lastfm");

    public static string SampleSpec => Path.Combine(WorkflowsLocalStack.RepositoryRoot, "samples", "specs", "lastfm-demo.json");

    public static string GalaxySampleSpec => Path.Combine(WorkflowsLocalStack.RepositoryRoot, "samples", "specs", "galaxy-demo.json");

    private static string DemoFolder => Path.Combine(WorkflowsLocalStack.RepositoryRoot, ".local", "demo");

    /// <summary>The demo's universe: 32³ to learn from and a 48³ volume to paint, with the non-local rule.</summary>
    private static readonly UniverseSpec GalaxyTraining = new() { GridSize = 32, BoxSize = 50, Seed = 2026, Rule = GalaxyRule.NonLocal };

    /// <param name="Caveat">Printed under the summary: what the numbers can and cannot say.</param>
    private sealed record DemoRun(string Title, DatasetFolder Dataset, string? Caveat = null);

    public static Command Create(IAnsiConsole? console = null)
    {
        var spec = new Option<FileInfo>("--spec") { Description = "Lottery-ticket run spec to use instead of samples/specs/lastfm-demo.json", HelpName = "file" };
        var galaxySpec = new Option<FileInfo>("--galaxy-spec") { Description = "Galaxy-painting run spec to use instead of samples/specs/galaxy-demo.json", HelpName = "file" };
        var workers = new Option<int>("--workers", "-w") { Description = "Worker processes", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Run the LastFM lottery-ticket demo, then a small galaxy-painting run, end to end on a local stack; print each report's location and a summary")
        {
            spec, galaxySpec, workers,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, () => RunAsync(
                output,
                parseResult.GetValue(spec)?.FullName ?? SampleSpec,
                parseResult.GetValue(galaxySpec)?.FullName ?? GalaxySampleSpec,
                parseResult.GetValue(workers),
                cancellationToken), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string specFile, string galaxySpecFile, int workers, CancellationToken cancellationToken)
    {
        var lottery = new DemoRun("lottery tickets for LastFM recommenders", DatasetFolder.Load(SampleFolder, datasetName: null, specFile));
        var galaxy = new DemoRun(
            "galaxy painting of a synthetic universe",
            DatasetFolder.Load(WriteUniverse(console), datasetName: null, galaxySpecFile),
            "This cascade trained for seconds on a 32³ box and is far from converged; the cosmology benchmark's quality run trains one properly (see README, Benchmarks).");
        var options = new LocalStackOptions
        {
            Workers = workers,
            HostPort = 0,
            Settings = new Dictionary<string, string> { ["Workflows:Watcher:Interval"] = "00:00:01" },
        };
        await using var stack = await UpCommand.StartStackAsync(console, options, cancellationToken);
        console.Write(UpCommand.EndpointsTable(stack));
        var endpoints = new CliEndpoints(stack.Endpoints.HostUrl, stack.Endpoints.StorageConnectionString);
        using var api = new WorkflowsApiClient(endpoints.ApiUrl);

        bool allCompleted = true;
        foreach (var run in new[] { lottery, galaxy })
        {
            console.Write(new Rule($"[bold]Workflows demo: {run.Title}[/]").LeftJustified());
            string runId = await DatasetSubmitter.SubmitAsync(console, run.Dataset, endpoints, cancellationToken)
                ?? throw new CliException(ExitCodes.Unavailable, $"the host started no run for the uploaded manifest; see {Path.Combine(stack.StackDirectory, "host.log")}");
            console.MarkupLineInterpolated($"Run [bold]{runId}[/] started; progress:");

            var final = await StatusWatcher.WatchAsync(console, api, runId, StatusWatcher.DefaultInterval, cancellationToken);
            var report = await SaveReportAsync(api, runId, cancellationToken);
            ReportSummary.Write(console, final, report?.Json);
            if (run.Caveat is not null)
            {
                console.MarkupLineInterpolated($"[grey]{run.Caveat}[/]");
            }

            console.MarkupLineInterpolated($"report (blob):  {BlobLayout.ReportMarkdown(runId)} and {BlobLayout.ReportJson(runId)}");
            if (report is not null)
            {
                console.MarkupLineInterpolated($"report (local): {report.MarkdownPath}");
            }

            allCompleted &= final.State == RunState.Completed;
        }

        console.MarkupLineInterpolated($"logs:           {stack.StackDirectory}");
        console.MarkupLine("Stopping the local stack...");
        return allCompleted ? ExitCodes.Success : ExitCodes.RunNotSuccessful;
    }

    /// <summary>Writes the demo's synthetic universe to a fresh folder under .local/demo/ and returns it.</summary>
    private static string WriteUniverse(IAnsiConsole console)
    {
        var folder = Directory.CreateDirectory(Path.Combine(DemoFolder, $"universe-{Path.GetRandomFileName()}")).FullName;
        var target = GalaxyTraining with { GridSize = 48, BoxSize = GalaxyTraining.BoxSize * 48 / GalaxyTraining.GridSize, Seed = GalaxyTraining.Seed + 1 };
        MockCosmoCommand.Write(console, folder, "demo-universe", GalaxyTraining, target, includeParticles: false);
        return folder;
    }

    private sealed record SavedReport(string MarkdownPath, byte[] Json);

    /// <summary>
    /// Downloads the whole report (report.md/html/json and the plots report.md links) to .local/demo/{runId}/, since the
    /// stack's storage goes with it; null when there is no report.
    /// </summary>
    private static async Task<SavedReport?> SaveReportAsync(WorkflowsApiClient api, string runId, CancellationToken cancellationToken)
    {
        var files = await ReportDownloader.DownloadAsync(api, runId, Path.Combine(DemoFolder, runId), cancellationToken);
        var markdown = files.FirstOrDefault(f => f.Name == ReportCommand.MarkdownFile);
        var json = files.FirstOrDefault(f => f.Name == "report.json");
        return markdown is null || json is null
            ? null
            : new SavedReport(markdown.Path, await File.ReadAllBytesAsync(json.Path, cancellationToken));
    }
}
