using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Workflows.Cli.Api;
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
        var runId = new Argument<string>("runId") { Description = "The run id `wf submit` printed" };
        var jobId = new Argument<string?>("jobId") { Description = "A job of the run; omit it to list the run's jobs", Arity = ArgumentArity.ZeroOrOne };
        var attempt = new Option<int?>("--attempt") { Description = "The attempt whose log to show (default: the latest that wrote one)", HelpName = "n" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {runId, jobId, attempt, log}, or the API's job list" };
        var command = new Command("logs", "Show a job attempt's log, or list a run's jobs (state, attempts, worker)")
        {
            runId, jobId, attempt, json, CliEndpoints.ApiOption,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(attempt) is < 1)
            {
                result.AddError("--attempt must be 1 or more");
            }
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                string run = parseResult.GetValue(runId)!;
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                return parseResult.GetValue(jobId) is { } job
                    ? await ShowLogAsync(output, api, run, job, parseResult.GetValue(attempt), parseResult.GetValue(json), cancellationToken)
                    : await ListJobsAsync(output, api, run, parseResult.GetValue(json), cancellationToken);
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
            output.WriteLine(JsonSerializer.Serialize(new { runId, jobId, attempt = log.Attempt, log = log.Text }, JsonSerializerOptions.Web));
            return ExitCodes.Success;
        }

        output.MarkupLineInterpolated($"[grey]job {jobId}, attempt {log.Attempt}[/]");
        output.WriteLine(log.Text.TrimEnd());
        return ExitCodes.Success;
    }

    private static async Task<int> ListJobsAsync(IAnsiConsole output, WorkflowsApiClient api, string runId, bool json, CancellationToken cancellationToken)
    {
        string body = await api.GetJobsJsonAsync(runId, cancellationToken)
            ?? throw new CliException(ExitCodes.NotFound, $"run '{runId}' does not exist at {api.BaseUrl}");
        if (json)
        {
            output.WriteLine(body);
            return ExitCodes.Success;
        }

        var jobs = ContractJson.Deserialize<List<JobStatusSummary>>(body, $"jobs of run {runId}");
        var table = new Table().Border(TableBorder.Simple).AddColumn("job").AddColumn("state").AddColumn("attempt").AddColumn("worker").AddColumn("failures");
        foreach (var job in jobs)
        {
            table.AddRow(Markup.Escape(job.JobId), ContractJson.Serialize(job.State).Trim('"'), job.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(job.WorkerId), job.Failures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        output.Write(table);
        output.MarkupLineInterpolated($"[grey]{jobs.Count} job(s); a job's log: wf logs {runId} <job>[/]");
        return ExitCodes.Success;
    }
}
