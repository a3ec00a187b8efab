using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Commands;

/// <summary><c>wf status &lt;runId&gt; [--watch] [--json]</c>.</summary>
internal static class StatusCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var runId = CliArguments.RunId();
        var watch = new Option<bool>("--watch") { Description = "Refresh until the run finishes; the exit code then tells how it ended (0 completed, 2 otherwise)" };
        var json = CliArguments.Json("the API's status JSON (with --watch: the final status)");
        var command = new Command("status", "Show a run's state, progress per ticket search, running jobs' epochs and metrics from their heartbeats, worker time by job kind, ETA and errors")
        {
            runId, watch, json, CliEndpoints.ApiOption,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                string id = parseResult.GetValue(runId)!;
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                if (parseResult.GetValue(watch))
                {
                    var final = parseResult.GetValue(json)
                        ? await StatusWatcher.WaitAsync(api, id, StatusWatcher.DefaultInterval, polled: null, cancellationToken)
                        : await StatusWatcher.WatchAsync(output, api, id, StatusWatcher.DefaultInterval, cancellationToken);
                    if (parseResult.GetValue(json))
                    {
                        RawOutput.WriteLine(output, ContractJson.Serialize(final));
                    }

                    return final.State == RunState.Completed ? ExitCodes.Success : ExitCodes.RunNotSuccessful;
                }

                if (parseResult.GetValue(json))
                {
                    RawOutput.WriteLine(output, await api.GetStatusJsonAsync(id, cancellationToken) ?? throw NotFound(id, api));
                    return ExitCodes.Success;
                }

                var status = await api.GetStatusAsync(id, cancellationToken) ?? throw NotFound(id, api);
                output.Write(await StatusWatcher.ViewAsync(api, status, cancellationToken));
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static CliException NotFound(string runId, WorkflowsApiClient api) =>
        new(ExitCodes.NotFound, $"run '{runId}' does not exist at {api.BaseUrl}");
}
