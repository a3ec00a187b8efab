using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Cli.Rendering;
using Workflows.Contracts;

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
        string body = await api.GetJobsJsonAsync(runId, cancellationToken)
            ?? throw new CliException(ExitCodes.NotFound, $"run '{runId}' does not exist at {api.BaseUrl} (`wf runs` lists the runs)");
        if (json)
        {
            RawOutput.WriteLine(output, body);
            return ExitCodes.Success;
        }

        var jobs = ContractJson.Deserialize<List<JobStatusSummary>>(body, $"jobs of run {runId}");
        output.Write(JobsView.Render(jobs));
        output.MarkupLineInterpolated($"[grey]{jobs.Count} job(s); a job's log: wf logs {runId} <job>[/]");
        return ExitCodes.Success;
    }
}
