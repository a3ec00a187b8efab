using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Rendering;

namespace Workflows.Cli.Commands;

/// <summary>
/// The shape every command on one run shares (<c>wf cancel</c>, <c>wf retry</c>): a run id, <c>--api</c>, <c>--json</c>;
/// exit 0 when the API accepted it, <see cref="ExitCodes.NotFound"/> for an unknown run, <see cref="ExitCodes.Conflict"/>
/// when the run's state does not allow it.
/// </summary>
internal static class RunCommands
{
    public static Command Create(
        IAnsiConsole? console, string name, string description,
        Func<WorkflowsApiClient, string, CancellationToken, Task<CommandAnswer>> send, Action<IAnsiConsole, string> accepted)
    {
        var runId = CliArguments.RunId();
        var json = CliArguments.Json("{\"runId\", \"command\", \"result\", \"reason\"}");
        var command = new Command(name, description) { runId, json, CliEndpoints.ApiOption };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                string id = parseResult.GetValue(runId)!;
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                var answer = await send(api, id, cancellationToken);
                if (parseResult.GetValue(json))
                {
                    RawOutput.WriteLine(output, JsonSerializer.Serialize(
                        new { runId = id, command = name, result = answer.Result.ToString().ToLowerInvariant(), reason = answer.Reason }, JsonSerializerOptions.Web));
                }
                else if (answer.Result == CommandResult.Accepted)
                {
                    accepted(output, id);
                }
                else
                {
                    output.MarkupLineInterpolated($"[red]error:[/] {answer.Reason}");
                }

                return answer.Result switch
                {
                    CommandResult.Accepted => ExitCodes.Success,
                    CommandResult.NotFound => ExitCodes.NotFound,
                    _ => ExitCodes.Conflict,
                };
            }, cancellationToken);
        });
        return command;
    }
}
