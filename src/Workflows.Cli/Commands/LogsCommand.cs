using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Commands;

/// <summary>
/// <c>wf logs &lt;runId&gt; [jobId] [--attempt n] [--json]</c>: a job attempt's log (how it ended; a failure's full
/// exception), or, without a job id, the run's jobs to pick one from.
/// </summary>
internal static class LogsCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var runId = CliArguments.RunId();
        var jobId = new Argument<string?>("jobId") { Description = "A job of the run; omit it to list the run's jobs", Arity = ArgumentArity.ZeroOrOne };
        var attempt = CliArguments.IntegerBetween("--attempt", 1, int.MaxValue, "The attempt whose log to show (default: the latest that wrote one)");
        var json = CliArguments.Json("{runId, jobId, attempt, log}, or the API's job list");
        var command = new Command("logs", "Show a job attempt's log, or list a run's jobs (state, attempts, worker)")
        {
            runId, jobId, attempt, json, CliEndpoints.ApiOption,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                string run = parseResult.GetValue(runId)!;
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                return parseResult.GetValue(jobId) is { } job
                    ? await ShowLogAsync(output, api, run, job, parseResult.GetValue(attempt), parseResult.GetValue(json), cancellationToken)
                    : await JobsCommand.ListAsync(output, api, run, parseResult.GetValue(json), cancellationToken);
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ShowLogAsync(IAnsiConsole output, WorkflowsApiClient api, string runId, string jobId, int? attempt, bool json, CancellationToken cancellationToken)
    {
        var log = await api.GetJobLogAsync(runId, jobId, attempt, cancellationToken)
            ?? throw new CliException(ExitCodes.NotFound, $"no log of job '{jobId}'{(attempt is { } n ? $" attempt {n}" : "")} in run '{runId}' at {api.BaseUrl} (an attempt writes it when it ends; `wf logs {runId}` lists the jobs)");
        if (json)
        {
            RawOutput.WriteLine(output, JsonSerializer.Serialize(new { runId, jobId, attempt = log.Attempt, log = log.Text }, JsonSerializerOptions.Web));
            return ExitCodes.Success;
        }

        output.MarkupLineInterpolated($"[grey]job {jobId}, attempt {log.Attempt}[/]");
        RawOutput.WriteLine(output, log.Text.TrimEnd());
        return ExitCodes.Success;
    }
}
