using Workflows.Contracts;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Probe;
using Workflows.Orchestration.Runs;
using Workflows.Orchestration.Tests.Support;
using Xunit.Abstractions;

namespace Workflows.Orchestration.Tests;

public sealed class PlatformProbeRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartAsync_ProbeOfFiveJobs_DispatchesFiveNoOpJobsAndReportsEachOnesTiming()
    {
        await using var harness = await OrchestrationHarness.StartAsync(output);
        harness.UploadDataset("probe", OrchestrationHarness.Manifest("probe", trigger: "manual"), "train.txt", "test.txt");

        var started = await harness.Runs.StartAsync(new StartRunRequest("probe", ProbeSpec(jobs: 5, maxConcurrentJobs: 2)), CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(ExperimentFamily.PlatformProbe, status.Family);
        Assert.Equal(RunPhases.Done, status.Phase);
        Assert.Equal(5, status.Progress.JobsDone);
        Assert.Equal(5, status.Progress.JobsTotal);
        Assert.Equal(0, status.Progress.JobsFailed);
        Assert.Equal(50, status.Progress.WorkerSeconds, precision: 6);
        Assert.Equal(50, Assert.Single(status.Progress.WorkerSecondsByKind, k => k.Key == JobKinds.NoOp).Value, precision: 6);
        Assert.Equal($"/api/runs/{started.RunId}/report", status.Links["report"]);
        var messages = harness.Workers.Dispatched;
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{started.RunId}.probe.j{i:D3}"), messages.Select(m => m.JobId).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal((JobKinds.NoOp, 1), (m.Kind, m.Attempt)));

        var report = ReadReport(harness, started.RunId);
        Assert.Equal(RunState.Completed, report.State);
        Assert.Equal((5, 5, 0, 2), (report.JobsPlanned, report.JobsSucceeded, report.JobsFailed, report.MaxConcurrentJobs));
        Assert.Equal([0, 1, 2, 3, 4], report.Jobs.Select(j => j.Index));
        Assert.All(report.Jobs, j => Assert.Equal((JobStepState.Succeeded, 10.0), (j.State, j.WorkerSeconds)));
        Assert.All(report.Jobs, j => Assert.InRange(j.LatencySeconds, 0, report.ElapsedSeconds + 0.0005));
        Assert.Equal(5, report.Latency.Count);
        Assert.Equal(new SecondsSummary(5, 10, 10, 10, 10, 10), report.WorkerTime);
        Assert.True(harness.Blobs.Exists(BlobLayout.ReportMarkdown(started.RunId)));
        Assert.Empty(harness.Reports.Written);
    }

    [Fact]
    public async Task StartAsync_OneNoOpJobFails_CompletesWithFailuresNamingTheJob()
    {
        await using var harness = await OrchestrationHarness.StartAsync(output);
        harness.Workers.NoOpScript = m => m.JobId.EndsWith(".j002", StringComparison.Ordinal) ? new WorkerReply.Fail("disk full") : new WorkerReply.Succeed(0);
        harness.UploadDataset("probefail", OrchestrationHarness.Manifest("probefail", trigger: "manual"), "train.txt", "test.txt");

        var started = await harness.Runs.StartAsync(new StartRunRequest("probefail", ProbeSpec(jobs: 4, maxConcurrentJobs: 4)), CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.CompletedWithFailures, status.State);
        Assert.Equal((3, 1), (status.Progress.JobsDone, status.Progress.JobsFailed));
        Assert.Equal(["job 2: failed: disk full"], status.Errors);
        var report = ReadReport(harness, started.RunId);
        Assert.Equal((3, 1), (report.JobsSucceeded, report.JobsFailed));
        Assert.Equal(JobStepState.Failed, report.Jobs[2].State);
        Assert.Equal(3, report.Latency.Count);
    }

    [Fact]
    public async Task CancelAsync_ProbeWithSilentJobs_DispatchesNoMoreThanTheBoundAndEndsCancelled()
    {
        await using var harness = await OrchestrationHarness.StartAsync(output);
        harness.Workers.NoOpScript = _ => new WorkerReply.Silent();
        harness.UploadDataset("probecancel", OrchestrationHarness.Manifest("probecancel", trigger: "manual"), "train.txt", "test.txt");

        var started = await harness.Runs.StartAsync(new StartRunRequest("probecancel", ProbeSpec(jobs: 6, maxConcurrentJobs: 2)), CancellationToken.None);
        await harness.WaitForAsync(started.RunId, _ => harness.Workers.Dispatched.Count == 2);
        Assert.Equal(RunCommandResult.Accepted, await harness.Runs.CancelAsync(started.RunId, CancellationToken.None));
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.Cancelled, status.State);
        Assert.Equal(RunPhases.Cancelled, status.Phase);
        // Cancellation is what the user asked for, not an error.
        Assert.Empty(status.Errors);
        Assert.Equal((0, 0), (status.Progress.JobsDone, status.Progress.JobsFailed));
        // The two job steps in flight may have re-dispatched their lost attempts meanwhile, but no third job started.
        Assert.Equal([$"{started.RunId}.probe.j000", $"{started.RunId}.probe.j001"], harness.Workers.Dispatched.Select(m => m.JobId).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(ReadReport(harness, started.RunId).Jobs);
    }

    [Fact]
    public async Task StartAsync_ProbeOfTooManyJobs_ThrowsNamingTheField()
    {
        await using var harness = await OrchestrationHarness.StartAsync(output);
        harness.UploadDataset("probebig", OrchestrationHarness.Manifest("probebig", trigger: "manual"), "train.txt", "test.txt");

        var error = await Assert.ThrowsAsync<ContractValidationException>(() =>
            harness.Runs.StartAsync(new StartRunRequest("probebig", ProbeSpec(jobs: PlatformProbeSpec.MaxJobs + 1, maxConcurrentJobs: 8)), CancellationToken.None));

        Assert.Equal([new ValidationError("platformProbe.jobs", "must be between 1 and 500")], error.Errors);
        Assert.Empty(harness.Workers.Dispatched);
    }

    [Fact]
    public void RunsOn_ProbeAndExperiments_ProbeFitsEveryKindAndExperimentsOnlyTheirOwn()
    {
        var probe = new RunSpec { Family = ExperimentFamily.PlatformProbe }.Resolve();
        var lottery = RunSpec.DefaultFor(DatasetKind.Recsys);

        Assert.Equal(new PlatformProbeSpec { Jobs = 20 }, probe.PlatformProbe);
        Assert.True(probe.RunsOn(DatasetKind.Recsys));
        Assert.True(probe.RunsOn(DatasetKind.Cosmology));
        Assert.True(lottery.RunsOn(DatasetKind.Recsys));
        Assert.False(lottery.RunsOn(DatasetKind.Cosmology));
    }

    [Fact]
    public void Validate_ProbeSectionOnALotteryTicketSpec_NamesTheSection()
    {
        var spec = new RunSpec { Family = ExperimentFamily.LotteryTicket, PlatformProbe = new PlatformProbeSpec() };

        Assert.Equal([new ValidationError("platformProbe", "does not apply to the lottery-ticket family")], spec.Validate());
    }

    [Fact]
    public void SecondsSummaryOf_TwentyValues_TakesNearestRanks()
    {
        // n = 20: the median is the ⌈10⌉-th smallest (10), p95 the ⌈19⌉-th (19); the mean of 1..20 is 10.5.
        var summary = SecondsSummary.Of(Enumerable.Range(1, 20).Reverse().Select(i => (double)i));

        Assert.Equal(new SecondsSummary(20, 1, 10, 19, 20, 10.5), summary);
    }

    [Fact]
    public void SecondsSummaryOf_ThreeValuesAndNone_TakesNearestRanksOrZeros()
    {
        // n = 3: the median is the ⌈1.5⌉ = 2nd smallest, p95 the ⌈2.85⌉ = 3rd.
        Assert.Equal(new SecondsSummary(3, 0.5, 2, 4, 4, 6.5 / 3), SecondsSummary.Of([4, 0.5, 2]));
        Assert.Equal(new SecondsSummary(0, 0, 0, 0, 0, 0), SecondsSummary.Of([]));
    }

    [Fact]
    public void PlatformProbeReportFrom_OneFailedJob_CountsSucceededJobsPerElapsedSecond()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        ProbeJobTiming[] jobs =
        [
            new(3, 1.5, 0.1, JobStepState.Succeeded),
            new(0, 0.5, 0.1, JobStepState.Succeeded),
            new(2, 9.0, 0.3, JobStepState.Failed),
            new(1, 1.0, 0.2, JobStepState.Succeeded),
        ];

        var report = PlatformProbeReport.From(new ProbeReportInput("r", "d", RunState.CompletedWithFailures, 4, 2, start, start.AddSeconds(2), jobs, ["job 2: failed"]));

        // 3 succeeded jobs in 2 s; the failed job's 9 s is not a latency sample.
        Assert.Equal((3, 1, 2.0, 1.5), (report.JobsSucceeded, report.JobsFailed, report.ElapsedSeconds, report.JobsPerSecond));
        Assert.Equal(new SecondsSummary(3, 0.5, 1.0, 1.5, 1.5, 1.0), report.Latency);
        Assert.Equal([0, 1, 2, 3], report.Jobs.Select(j => j.Index));
    }

    private static RunSpec ProbeSpec(int jobs, int maxConcurrentJobs) => new()
    {
        Family = ExperimentFamily.PlatformProbe,
        PlatformProbe = new PlatformProbeSpec { Jobs = jobs },
        MaxConcurrentJobs = maxConcurrentJobs,
    };

    private static PlatformProbeReport ReadReport(OrchestrationHarness harness, string runId) =>
        ContractJson.Deserialize<PlatformProbeReport>(harness.Blobs.Read(BlobLayout.ReportJson(runId)), "report.json");
}
