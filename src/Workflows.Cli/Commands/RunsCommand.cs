using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Commands;

/// <summary><c>wf runs [--dataset name] [--state state] [--limit n] [--json]</c>: the runs the API knows, newest first.</summary>
internal static class RunsCommand
{
    /// <summary>The API's largest page.</summary>
    public const int MaxLimit = 500;

    public static Command Create(IAnsiConsole? console = null)
    {
        var dataset = new Option<string>("--dataset") { Description = "Only runs of this dataset", HelpName = "name" };
        var state = new Option<string>("--state") { Description = "Only runs in this state", HelpName = "state" };
        state.AcceptOnlyFromAmong([.. Enum.GetValues<RunState>().Select(RunStatusView.Name)]);
        var limit = CliArguments.IntegerBetween("--limit", 1, MaxLimit, $"At most this many runs (1 to {MaxLimit}; the API's default is 50)");
        var json = CliArguments.Json("the API's run list (status objects)");
        var command = new Command("runs", "List runs, newest first: state, kind, dataset, jobs done and times")
        {
            dataset, state, limit, json, CliEndpoints.ApiOption,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                string body = await api.GetRunsJsonAsync(new RunListFilter(parseResult.GetValue(dataset), parseResult.GetValue(state), parseResult.GetValue(limit)), cancellationToken);
                if (parseResult.GetValue(json))
                {
                    RawOutput.WriteLine(output, body);
                    return ExitCodes.Success;
                }

                var runs = ContractJson.Deserialize<List<RunStatus>>(body, $"GET {api.BaseUrl}api/runs");
                if (runs.Count == 0)
                {
                    output.MarkupLine("No runs yet: `wf submit <folder>` starts one.");
                    return ExitCodes.Success;
                }

                output.Write(RunListView.Render(runs));
                output.MarkupLineInterpolated($"[grey]{runs.Count} run(s); details: wf status <run>, wf jobs <run>, wf report <run>[/]");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
