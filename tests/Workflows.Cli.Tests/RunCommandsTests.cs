using System.CommandLine;
using System.Net;
using System.Text.Json;
using Spectre.Console.Testing;
using Workflows.Cli.Commands;

namespace Workflows.Cli.Tests;

/// <summary><c>wf cancel</c>, <c>wf retry</c> and <c>wf logs</c> against a stub of the HTTP API: routes, output, exit codes.</summary>
public sealed class RunCommandsTests : IAsyncLifetime
{
    private const string RunId = "lastfm-0123456789abcdef";
    private const string JobId = RunId + ".mf-s7.r00";
    private readonly StubApi api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public void Cancel_RunningRun_PostsCancelAndSucceeds()
    {
        api.On($"POST /api/runs/{RunId}/cancel", HttpStatusCode.Accepted);

        var (exitCode, output) = Run(CancelCommand.Create, "cancel", RunId);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal([$"POST /api/runs/{RunId}/cancel"], api.Requests);
        Assert.Contains($"cancel requested for run {RunId}; running jobs stop at their next epoch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_FinishedRun_IsAConflictWithTheApisReason()
    {
        api.On($"POST /api/runs/{RunId}/cancel", HttpStatusCode.Conflict, $$"""{"title":"run '{{RunId}}' has already finished and cannot be cancelled"}""");

        var (exitCode, output) = Run(CancelCommand.Create, "cancel", RunId);

        Assert.Equal(ExitCodes.Conflict, exitCode);
        Assert.Contains($"error: run '{RunId}' has already finished and cannot be cancelled", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_UnknownRun_IsNotFoundAndJsonSaysSo()
    {
        api.On($"POST /api/runs/{RunId}/retry", HttpStatusCode.NotFound, $$"""{"title":"run '{{RunId}}' does not exist"}""");

        var (exitCode, output) = Run(RetryCommand.Create, "retry", RunId, "--json");

        Assert.Equal(ExitCodes.NotFound, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal((RunId, "retry", "notfound", $"run '{RunId}' does not exist"),
            (json.RootElement.GetProperty("runId").GetString(), json.RootElement.GetProperty("command").GetString(),
             json.RootElement.GetProperty("result").GetString(), json.RootElement.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Retry_FailedRun_PostsRetryAndPrintsHowToWatch()
    {
        api.On($"POST /api/runs/{RunId}/retry", HttpStatusCode.Accepted);

        var (exitCode, output) = Run(RetryCommand.Create, "retry", RunId);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal([$"POST /api/runs/{RunId}/retry"], api.Requests);
        Assert.Contains($"watch: wf status {RunId} --watch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_JobWithAttempt_PrintsThatAttemptsLog()
    {
        api.On($"GET /api/runs/{RunId}/jobs/{JobId}/log?attempt=2", HttpStatusCode.OK, "attempt: 2\nfailed: 2026-12-04T10:00:00Z\n\nSystem.InvalidOperationException: boom\n",
            "text/plain; charset=utf-8", new Dictionary<string, string> { ["Workflows-Attempt"] = "2" });

        var (exitCode, output) = Run(LogsCommand.Create, "logs", RunId, JobId, "--attempt", "2");

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Equal($"job {JobId}, attempt 2", lines[0]);
        Assert.Contains("System.InvalidOperationException: boom", lines);
    }

    [Fact]
    public void Logs_JobWithoutLog_IsNotFound()
    {
        var (exitCode, output) = Run(LogsCommand.Create, "logs", RunId, JobId);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Equal([$"GET /api/runs/{RunId}/jobs/{JobId}/log"], api.Requests);
        Assert.Contains($"no log of job '{JobId}' in run '{RunId}'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_NoJob_ListsTheRunsJobs()
    {
        api.On($"GET /api/runs/{RunId}/jobs", HttpStatusCode.OK, $$"""
            [ { "jobId": "{{JobId}}", "state": "failed", "attempt": 3, "workerId": "worker-1",
                "failures": [ { "attempt": 1, "workerId": "worker-1", "error": "boom", "failedAt": "2026-12-04T10:00:00Z" } ] } ]
            """);

        var (exitCode, output) = Run(LogsCommand.Create, "logs", RunId);

        Assert.Equal(ExitCodes.Success, exitCode);
        var row = Assert.Single(output.Split('\n'), line => line.Contains(JobId, StringComparison.Ordinal));
        Assert.Equal([JobId, "failed", "3", "-", "-", "worker-1", "1"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"1 job(s); a job's log: wf logs {RunId} <job>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_AttemptZero_IsAnInputError()
    {
        var (exitCode, _) = Run(LogsCommand.Create, "logs", RunId, JobId, "--attempt", "0");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Empty(api.Requests);
    }

    private (int ExitCode, string Output) Run(Func<Spectre.Console.IAnsiConsole?, Command> create, params string[] arguments)
    {
        var console = new TestConsole().Width(240);
        var root = new RootCommand { create(console) };
        int exitCode = root.Parse([.. arguments, "--api", api.Url]).Invoke();
        return (exitCode, console.Output);
    }
}
