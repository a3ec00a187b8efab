using System.CommandLine;
using System.Net;
using Spectre.Console;
using Workflows.Cli.Commands;

namespace Workflows.Cli.Tests;

/// <summary><c>wf runs</c>, <c>wf jobs</c> and <c>wf report</c> where the local stack cannot take them: bad input, unreachable API, runs still running.</summary>
public sealed class ListAndReportCommandsTests : IAsyncLifetime
{
    private const string RunId = "lastfm-0123456789abcdef";
    private readonly StubApi api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    public static TheoryData<string[]> CommandsOnOneRun => new()
    {
        { ["runs"] },
        { ["jobs", RunId] },
        { ["report", RunId] },
    };

    [Theory]
    [MemberData(nameof(CommandsOnOneRun))]
    public void ApiThatIsNotListening_IsReportedAsUnavailable(string[] arguments)
    {
        // Port 9 (discard) on loopback: nothing listens there on these machines, so the connection is refused.
        var (exitCode, output) = CliConsole.Run(Create(arguments[0]), [.. arguments, "--api", "http://127.0.0.1:9/"]);

        Assert.Equal(ExitCodes.Unavailable, exitCode);
        Assert.Contains("error: cannot reach the Workflows API at http://127.0.0.1:9/", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--state", "finished", "Argument 'finished' not recognized. Must be one of:")]
    [InlineData("--limit", "0", "--limit must be a whole number from 1 to 500, not '0'")]
    [InlineData("--limit", "501", "--limit must be a whole number from 1 to 500, not '501'")]
    [InlineData("--limit", "abc", "--limit must be a whole number from 1 to 500, not 'abc'")]
    public void Runs_BadFilter_IsAnInputErrorAndAsksNothing(string option, string value, string message)
    {
        var (exitCode, output) = RunWithParseErrors(RunsCommand.Create(null), "runs", option, value, "--api", api.Url);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void Runs_Filters_AreSentAsTheApisQuery()
    {
        api.On("GET /api/runs?dataset=lastfm&state=completed-with-failures&limit=5", HttpStatusCode.OK, "[]");

        var (exitCode, output) = CliConsole.Run(RunsCommand.Create, "runs", "--dataset", "lastfm", "--state", "completed-with-failures", "--limit", "5", "--api", api.Url);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("No runs yet: `wf submit <folder>` starts one.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RunStillRunning_IsNotFoundAndSaysWhenItWillExist()
    {
        api.On($"GET /api/runs/{RunId}/report/files", HttpStatusCode.OK, "[]")
            .On($"GET /api/runs/{RunId}", HttpStatusCode.OK, $$"""{ "runId": "{{RunId}}", "dataset": "lastfm", "family": "lottery-ticket", "state": "running", "phase": "rounds" }""");

        var (exitCode, output) = CliConsole.Run(Create("report"), "report", RunId, "--api", api.Url);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Contains($"error: run '{RunId}' has no report yet: it is running, and the report is written when it finishes (wf status {RunId} --watch)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_FileNamedOutsideTheFolder_IsRefused()
    {
        string folder = Path.Combine(Path.GetTempPath(), "wf-report-" + Guid.NewGuid().ToString("N"));
        api.On($"GET /api/runs/{RunId}/report/files", HttpStatusCode.OK, """[ { "name": "../escape.md", "contentType": "text/markdown", "bytes": 1, "lastModified": "2026-12-04T10:00:00Z" } ]""");

        var (exitCode, output) = CliConsole.Run(Create("report"), "report", RunId, "-o", folder, "--api", api.Url);

        Assert.Equal(ExitCodes.Unavailable, exitCode);
        Assert.Contains("listed a report file outside the report's folder: '../escape.md'", output, StringComparison.Ordinal);
        Assert.Equal([$"GET /api/runs/{RunId}/report/files"], api.Requests);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(folder)!, "escape.md")));
    }

    private static Func<IAnsiConsole, Command> Create(string name) => name switch
    {
        "runs" => RunsCommand.Create,
        "jobs" => JobsCommand.Create,
        _ => console => ReportCommand.Create(console),
    };

    /// <summary>Parse errors go to the standard error of System.CommandLine's own output, not to Spectre's console.</summary>
    private static (int ExitCode, string Output) RunWithParseErrors(Command command, params string[] arguments)
    {
        var root = new RootCommand { command };
        var errors = new StringWriter();
        int exitCode = root.Parse(arguments).Invoke(new InvocationConfiguration { Error = errors, Output = TextWriter.Null });
        return (exitCode, errors.ToString());
    }
}
