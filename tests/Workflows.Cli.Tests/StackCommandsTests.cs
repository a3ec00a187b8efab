using System.Net.Http.Json;
using System.Text.Json;
using Workflows.Cli.Commands;
using Workflows.Cli.Reports;

namespace Workflows.Cli.Tests;

/// <summary><c>wf runs</c>, <c>wf jobs</c> and <c>wf report</c> against the local stack, on the run <see cref="CliStack"/> finished.</summary>
public sealed class StackCommandsTests(CliStack stack) : IClassFixture<CliStack>
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Status_WatchJson_EndsWithTheCompletedRunAndExitsZero()
    {
        Assert.Equal(ExitCodes.Success, stack.WatchExitCode);
        Assert.Equal((stack.RunId, "completed", 2, 2), (
            stack.FinalStatus.GetProperty("runId").GetString(), stack.FinalStatus.GetProperty("state").GetString(),
            stack.FinalStatus.GetProperty("progress").GetProperty("jobsDone").GetInt32(), stack.FinalStatus.GetProperty("progress").GetProperty("jobsTotal").GetInt32()));
    }

    [Fact]
    public void Status_ShowsWorkerTimeByJobKind_AsTheApiAccountsIt()
    {
        var progress = stack.FinalStatus.GetProperty("progress");
        double total = progress.GetProperty("workerSeconds").GetDouble();
        double trainRounds = progress.GetProperty("workerSecondsByKind").GetProperty("recsys.train-round").GetDouble();

        var (exitCode, output) = CliConsole.Run(StatusCommand.Create, "status", stack.RunId, "--api", stack.Api);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(total, trainRounds, precision: 6);
        Assert.Contains($"worker time  {total:F0} s (recsys.train-round {trainRounds:F0} s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_ShowsTheRunsDatasetKindStateAndJobs()
    {
        var (exitCode, output) = CliConsole.Run(RunsCommand.Create, "runs", "--api", stack.Api);

        Assert.Equal(ExitCodes.Success, exitCode);
        var row = CliConsole.Row(output, stack.RunId);
        Assert.Equal([stack.RunId, CliStack.Dataset, "lottery-ticket", "completed", "2/2"], row[..5]);
        Assert.Contains("1 run(s); details: wf status <run>, wf jobs <run>, wf report <run>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_JsonFilteredByDataset_IsTheApisListOfThatRun()
    {
        var (exitCode, output) = CliConsole.Run(RunsCommand.Create, "runs", "--dataset", CliStack.Dataset, "--json", "--api", stack.Api);

        Assert.Equal(ExitCodes.Success, exitCode);
        var run = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal((stack.RunId, CliStack.Dataset, "completed"), (run.GetProperty("runId").GetString(), run.GetProperty("dataset").GetString(), run.GetProperty("state").GetString()));
    }

    [Fact]
    public void Runs_StateFilterNoRunMatches_IsAnEmptyJsonList()
    {
        var (exitCode, output) = CliConsole.Run(RunsCommand.Create, "runs", "--state", "failed", "--json", "--api", stack.Api);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }

    [Fact]
    public void Jobs_ShowEveryJobsStateAttemptEpochAndWorker_AsTheJsonSays()
    {
        var (jsonExit, json) = CliConsole.Run(JobsCommand.Create, "jobs", stack.RunId, "--json", "--api", stack.Api);
        var (exitCode, output) = CliConsole.Run(JobsCommand.Create, "jobs", stack.RunId, "--api", stack.Api);

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (jsonExit, exitCode));
        var jobs = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal([$"{stack.RunId}.mf-imp-s5.r01", $"{stack.RunId}.mf-s5.r00"], jobs.Select(j => j.GetProperty("jobId").GetString()!).Order().ToArray());
        foreach (var job in jobs)
        {
            var row = CliConsole.Row(output, job.GetProperty("jobId").GetString()!);
            Assert.Equal(["succeeded", "1", "1/1"], row[1..4]);
            Assert.Equal([job.GetProperty("workerId").GetString()!, "0"], row[5..]);
            Assert.Matches(@"^\d\d:\d\d:\d\d$", row[4]);
        }

        Assert.Contains($"2 job(s); a job's log: wf logs {stack.RunId} <job>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Jobs_UnknownRun_IsNotFound()
    {
        var (exitCode, output) = CliConsole.Run(JobsCommand.Create, "jobs", "cli-e2e-0000000000000000", "--api", stack.Api);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Contains("error: run 'cli-e2e-0000000000000000' does not exist at", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_DownloadsEveryFileTheApiServes_WithPlotsTheMarkdownLinks()
    {
        string folder = stack.NewFolder();

        var (exitCode, output) = CliConsole.Run(console => ReportCommand.Create(console), "report", stack.RunId, "--output", folder, "--api", stack.Api);

        Assert.Equal(ExitCodes.Success, exitCode);
        using var http = new HttpClient { BaseAddress = new Uri(stack.Api) };
        var listed = await http.GetFromJsonAsync<List<JsonElement>>($"api/runs/{stack.RunId}/report/files");
        var names = listed!.Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["report.json", "report.md", "report.html"], names[..3]);
        Assert.Contains(names, n => n.StartsWith("plots/", StringComparison.Ordinal) && n.EndsWith(".png", StringComparison.Ordinal));
        foreach (string name in names)
        {
            byte[] served = await http.GetByteArrayAsync($"api/runs/{stack.RunId}/report/files/{name}");
            Assert.Equal(served, await File.ReadAllBytesAsync(Path.Combine(folder, name)));
        }

        Assert.All(names.Where(n => n.EndsWith(".png", StringComparison.Ordinal)), png => Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(folder, png))[..8]));
        string markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        var linked = System.Text.RegularExpressions.Regex.Matches(markdown, @"\]\((?<path>plots/[^)]+)\)").Select(m => m.Groups["path"].Value).ToList();
        Assert.NotEmpty(linked);
        Assert.All(linked, path => Assert.True(File.Exists(Path.Combine(folder, path)), $"report.md links {path}, which was not downloaded"));
        Assert.Contains($"report of run {stack.RunId}: {names.Count} file(s) in {folder}", output, StringComparison.Ordinal);
        Assert.Contains($"report.html: {Path.Combine(folder, "report.html")}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OpenJson_OpensReportHtmlAndListsTheFiles()
    {
        string folder = stack.NewFolder();
        var opener = new RecordingOpener();

        var (exitCode, output) = CliConsole.Run(console => ReportCommand.Create(console, opener), "report", stack.RunId, "-o", folder, "--open", "--json", "--api", stack.Api);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal([Path.Combine(folder, "report.html")], opener.Opened);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal((stack.RunId, folder, true), (json.GetProperty("runId").GetString(), json.GetProperty("folder").GetString(), json.GetProperty("opened").GetBoolean()));
        var files = json.GetProperty("files").EnumerateArray().ToList();
        Assert.All(files, f => Assert.Equal(new FileInfo(f.GetProperty("path").GetString()!).Length, f.GetProperty("bytes").GetInt64()));
        Assert.Equal(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(), files.Select(f => f.GetProperty("path").GetString()!).Order());
    }

    [Fact]
    public void Report_OpenWhereNoOpenerExists_SaysSoAndStillSucceeds()
    {
        string folder = stack.NewFolder();

        var (exitCode, output) = CliConsole.Run(console => ReportCommand.Create(console, new SystemFileOpener("wf-no-such-opener")),
            "report", stack.RunId, "-o", folder, "--open", "--api", stack.Api);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("could not open the report: there is no program to open files with here (wf-no-such-opener:", output, StringComparison.Ordinal);
        Assert.Contains($"open {Path.Combine(folder, "report.html")} yourself", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void Report_UnknownRun_IsNotFoundAndWritesNothing()
    {
        string folder = stack.NewFolder();

        var (exitCode, output) = CliConsole.Run(console => ReportCommand.Create(console), "report", "cli-e2e-0000000000000000", "-o", folder, "--api", stack.Api);

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Contains("error: run 'cli-e2e-0000000000000000' does not exist at", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    private sealed class RecordingOpener : IFileOpener
    {
        public List<string> Opened { get; } = [];

        public string? TryOpen(string path)
        {
            Opened.Add(path);
            return null;
        }
    }
}
