using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Tests.Support;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Orchestration.Tests;

public sealed class RunTelemetryTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("lastfm-0123456789abcdef", "lastfm-0123456789abcdef")]
    [InlineData("lastfm-0123456789abcdef.mf-imp-s7", "lastfm-0123456789abcdef")]
    [InlineData("lastfm-0123456789abcdef.mf-imp-s7.r03~g2", "lastfm-0123456789abcdef")]
    [InlineData("lastfm-kabc.probe.j000~g1", "lastfm-kabc")]
    [InlineData("lastfm-nightly-20261204.mf-challenger", "lastfm-nightly-20261204")]
    public void RunIdOf_InstanceIds_IsTheRunTheyWorkFor(string instanceId, string runId) =>
        Assert.Equal(runId, RunTelemetry.RunIdOf(instanceId));

    [Fact]
    public void RunIdOf_SubOrchestrationIdOfAJob_IsTheJobsRun()
    {
        string runId = "galaxy-00112233aabbccdd";
        string jobId = Identifiers.JobId(runId, "train", "w01");

        Assert.Equal(runId, RunTelemetry.RunIdOf(SubOrchestrationIds.For(jobId, generation: 0)));
        Assert.Equal(runId, RunTelemetry.RunIdOf(SubOrchestrationIds.For(jobId, generation: 3)));
    }

    [Fact]
    public async Task ProbeWithASilentJob_EveryLogLineOfItsOrchestrationsAndActivities_IsInTheRunsScope()
    {
        var logs = new ScopedLogRecorder();
        await using var harness = await OrchestrationHarness.StartAsync(output, logs: logs);
        harness.Workers.NoOpScript = _ => new WorkerReply.Silent();
        harness.UploadDataset("probelost", OrchestrationHarness.Manifest("probelost", trigger: "manual"), "train.txt", "test.txt");

        var started = await harness.Runs.StartAsync(
            new StartRunRequest("probelost", new RunSpec { Family = ExperimentFamily.PlatformProbe, PlatformProbe = new PlatformProbeSpec { Jobs = 1 } }),
            CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(1, status.Progress.JobsFailed);
        var taskCategories = WorkflowTasks.Orchestrators.Concat(WorkflowTasks.Activities).Select(task => task.Type.FullName).ToHashSet();
        var inTasks = logs.Records.Where(record => taskCategories.Contains(record.Category)).ToList();
        // FastOptions allow two attempts: the DispatchJob activity logs each send, and the job's sub-orchestration
        // ({runId}.probe.j000) each loss, once however often it replays.
        Assert.Equal(
            [(nameof(Jobs.DispatchJob), 1000, 2), (nameof(Jobs.RunJob), 1002, 2)],
            inTasks.GroupBy(r => (Category: r.Category[(r.Category.LastIndexOf('.') + 1)..], r.EventId.Id)).Select(g => (g.Key.Category, g.Key.Id, g.Count())).Order());
        Assert.All(inTasks, record => Assert.Equal(started.RunId, record.Scope[RunTelemetry.RunIdScope]));
    }
}
