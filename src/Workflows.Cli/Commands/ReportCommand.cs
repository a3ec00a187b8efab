using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Rendering;
using Workflows.Cli.Reports;
using Workflows.Contracts;

namespace Workflows.Cli.Commands;

/// <summary>
/// <c>wf report &lt;runId&gt; [--output folder] [--open] [--json]</c>: downloads a finished run's report (report.md,
/// report.html, report.json and the plots) and prints where it is; <c>--open</c> opens report.html.
/// </summary>
internal static class ReportCommand
{
    public const string HtmlFile = "report.html";
    public const string MarkdownFile = "report.md";

    /// <summary>Where a report goes without <c>--output</c>: <c>reports/{runId}</c> under the current folder.</summary>
    public static string DefaultFolder(string runId) => Path.Combine(Environment.CurrentDirectory, "reports", runId);

    /// <param name="opener">Opens report.html for <c>--open</c>; the operating system's opener when null.</param>
    public static Command Create(IAnsiConsole? console = null, IFileOpener? opener = null)
    {
        var runId = CliArguments.RunId();
        var folder = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to download into (default: reports/<runId> under the current folder)", HelpName = "folder" };
        var open = new Option<bool>("--open") { Description = "Open report.html with the system's default program once downloaded" };
        var json = CliArguments.Json("{runId, folder, files: [{name, path, bytes}], opened, openProblem}");
        var command = new Command("report", "Download a finished run's report (report.md, report.html, report.json, plots) and print where it is")
        {
            runId, folder, open, json, CliEndpoints.ApiOption,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                string id = parseResult.GetValue(runId)!;
                string target = parseResult.GetValue(folder)?.FullName ?? DefaultFolder(id);
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                var files = await ReportDownloader.DownloadAsync(api, id, target, cancellationToken);
                if (files.Count == 0)
                {
                    throw await NoReportYetAsync(api, id, cancellationToken);
                }

                var html = files.FirstOrDefault(f => f.Name == HtmlFile);
                string? openProblem = !parseResult.GetValue(open) ? null
                    : html is null ? $"the report has no {HtmlFile}"
                    : (opener ?? new SystemFileOpener()).TryOpen(html.Path);
                bool? opened = parseResult.GetValue(open) ? openProblem is null : null;
                if (parseResult.GetValue(json))
                {
                    RawOutput.WriteLine(output, JsonSerializer.Serialize(
                        new { runId = id, folder = target, files = files.Select(f => new { name = f.Name, path = f.Path, bytes = f.Bytes }), opened, openProblem },
                        JsonSerializerOptions.Web));
                    return ExitCodes.Success;
                }

                Print(output, id, target, files);
                if (opened == true)
                {
                    output.MarkupLineInterpolated($"[green]✓[/] opened {html!.Path}");
                }
                else if (openProblem is not null)
                {
                    output.MarkupLineInterpolated($"[yellow]could not open the report:[/] {openProblem}; open {html?.Path ?? target} yourself");
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static void Print(IAnsiConsole output, string runId, string folder, IReadOnlyList<DownloadedFile> files)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("file").AddColumn(new TableColumn("bytes").RightAligned());
        foreach (var file in files)
        {
            table.AddRow(new Text(file.Name), new Text(file.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        output.Write(table);
        output.MarkupLineInterpolated($"[green]✓[/] report of run [bold]{runId}[/]: {files.Count} file(s) in {folder}");
        foreach (string name in new[] { MarkdownFile, HtmlFile }.Where(name => files.Any(f => f.Name == name)))
        {
            output.MarkupLineInterpolated($"  {name}: {Path.Combine(folder, name)}");
        }
    }

    /// <summary>Why a known run has no report: it has not finished (or it ended before it could write one).</summary>
    private static async Task<CliException> NoReportYetAsync(WorkflowsApiClient api, string runId, CancellationToken cancellationToken)
    {
        var status = await api.GetStatusAsync(runId, cancellationToken);
        string state = status is null ? "gone" : RunStatusView.Name(status.State);
        return new CliException(ExitCodes.NotFound, status?.State.IsFinished() == false
            ? $"run '{runId}' has no report yet: it is {state}, and the report is written when it finishes (wf status {runId} --watch)"
            : $"run '{runId}' has no report: it is {state} and wrote none (wf status {runId} shows its errors)");
    }
}
