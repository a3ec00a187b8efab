using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Rendering;

namespace Workflows.Cli.Commands;

/// <summary><c>wf jobs &lt;runId&gt; [--json]</c>: a run's jobs with state, attempts, last heartbeat and worker.</summary>
internal static class JobsCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var runId = CliArguments.RunId();
        var json = CliArguments.Json("the API's job list");
        var command = new Command("jobs", "List a run's jobs: state, latest attempt, epoch, last heartbeat, worker and failed attempts")
        {
            runId, json, CliEndpoints.ApiOption,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                return await ListAsync(output, api, parseResult.GetValue(runId)!, parseResult.GetValue(json), cancellationToken);
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>Prints the run's jobs (also what <c>wf logs &lt;runId&gt;</c> shows to pick a job from).</summary>
    public static async Task<int> ListAsync(IAnsiConsole output, WorkflowsApiClient api, string runId, bool json, CancellationToken cancellationToken)
    {
        if (json)
        {
            RawOutput.WriteLine(output, await api.GetJobsJsonAsync(runId, cancellationToken) ?? throw RunNotFound(api, runId));
            return ExitCodes.Success;
        }

        var jobs = await api.GetJobsAsync(runId, cancellationToken) ?? throw RunNotFound(api, runId);
        output.Write(JobsView.Render(jobs));
        output.MarkupLineInterpolated($"[grey]{jobs.Count} job(s); a job's log: wf logs {runId} <job>[/]");
        return ExitCodes.Success;
    }

    private static CliException RunNotFound(WorkflowsApiClient api, string runId) =>
        new(ExitCodes.NotFound, $"run '{runId}' does not exist at {api.BaseUrl} (`wf runs` lists the runs)");
}
