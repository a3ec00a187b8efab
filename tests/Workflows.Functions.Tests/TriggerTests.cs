using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Functions.Nightly;
using Workflows.Functions.Tests.Support;
using Workflows.Functions.Triggers;
using Workflows.Infrastructure.Queues;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Nightly;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Functions.Tests;

/// <summary>The blob, queue and timer functions, called with InProcessTestHost's real Durable client.</summary>
public sealed class TriggerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RecordingLoggerProvider logs = new();
    private ILoggerFactory loggerFactory = null!;
    private ApiWorld world = null!;

    private CancellationToken Timeout { get; } = TestTimeouts.After(TimeSpan.FromSeconds(60));

    public async Task InitializeAsync()
    {
        loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning)).AddProvider(logs));
        world = await ApiWorld.StartAsync(loggerFactory);
    }

    public async Task DisposeAsync()
    {
        await world.DisposeAsync();
        loggerFactory.Dispose();
    }

    [Fact]
    public async Task ManifestCreated_StartsTheDatasetsRun_OnceForRepeatedEvents()
    {
        world.Upload("lastfm", ApiWorld.Manifest("lastfm"));
        var function = new DatasetManifestFunction(world.Application, loggerFactory.CreateLogger<DatasetManifestFunction>());

        await function.RunAsync(ManifestBlob("lastfm"), "lastfm", world.Client, Timeout);
        await function.RunAsync(ManifestBlob("lastfm"), "lastfm", world.Client, Timeout);

        var run = Assert.Single(await world.Application.Runs(world.Client).ListAsync(new RunListQuery(), Timeout));
        var instance = await world.Client.GetInstanceAsync(run.RunId, Timeout);
        Assert.Equal("lastfm", run.Dataset);
        Assert.Equal(nameof(LotteryTicketRun), instance?.Name);
        Assert.Single(logs.Messages(LogLevel.Information), m => m.Contains("created False", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManifestCreated_ThatDoesNotParse_MakesARejectedRunThatSaysWhy()
    {
        world.Blobs.Put(BlobLayout.Manifest("broken"), "{ \"name\": \"broken\", \"kind\": "u8.ToArray());
        var function = new DatasetManifestFunction(world.Application, loggerFactory.CreateLogger<DatasetManifestFunction>());

        await function.RunAsync(ManifestBlob("broken"), "broken", world.Client, Timeout);

        string runId = Assert.Single(await world.Application.Runs(world.Client).ListAsync(new RunListQuery(), Timeout)).RunId;
        var status = await world.WaitForAsync(runId, s => s.State == RunState.Failed);
        Assert.Equal(RunPhases.Rejected, status.Phase);
        Assert.Contains(status.Errors, e => e.Contains("datasets/broken/dataset.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManifestCreated_WithManualTrigger_StartsNothing()
    {
        world.Upload("movies", ApiWorld.Manifest("movies", trigger: "manual"));
        var function = new DatasetManifestFunction(world.Application, loggerFactory.CreateLogger<DatasetManifestFunction>());

        await function.RunAsync(ManifestBlob("movies"), "movies", world.Client, Timeout);

        Assert.Empty(await world.Application.Runs(world.Client).ListAsync(new RunListQuery(), Timeout));
    }

    [Fact]
    public async Task JobOutcomeMessage_IsRaisedToItsOrchestration_InTheContractsDialect()
    {
        const string instanceId = "lastfm-0001.job-1~wait";
        await world.Client.ScheduleNewOrchestrationInstanceAsync(ApiWorld.AwaitOutcome, new StartOrchestrationOptions(instanceId), Timeout);
        var outcome = new JobOutcome
        {
            JobId = ApiWorld.AwaitedJobId,
            RunId = "lastfm-0001",
            InstanceId = instanceId,
            Attempt = 2,
            Status = JobStatus.Succeeded,
            ResultPath = "runs/lastfm-0001/jobs/lastfm-0001.job-1/result.json",
            Metrics = new Dictionary<string, double> { ["recall@20"] = 0.25 },
            WorkerId = "worker-1",
            StartedAt = ApiWorld.Now,
            FinishedAt = ApiWorld.Now.AddMinutes(3),
        };

        await JobEvents().RunAsync(ContractJson.Serialize(outcome), "message-1", world.Client, Timeout);

        var completed = await world.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Timeout);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(ContractJson.Serialize(outcome), ContractJson.Serialize(completed.ReadOutputAs<JobOutcome>()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "jobId": "lastfm-0001.job-1" }""")]
    public async Task UnreadableJobOutcomeMessage_Fails_SoTheHostRetriesAndPoisonsIt(string message)
    {
        var failure = await Assert.ThrowsAsync<ContractValidationException>(() => JobEvents().RunAsync(message, "message-2", world.Client, Timeout));

        Assert.Equal($"{QueueNames.JobEvents} message message-2", failure.Source);
    }

    /// <summary>
    /// The timer starts one <see cref="NightlyRetrain"/> per opted-in dataset and UTC day through the shared application
    /// service; firing again that day starts nothing. With no promoted model yet, the night records why nothing was compared.
    /// </summary>
    [Fact]
    public async Task NightlyTimer_StartsOneRetrainPerOptedInDatasetAndDay_ThatRecordsWhyNothingWasCompared()
    {
        world.Upload("movies", ApiWorld.Manifest("movies", trigger: "manual", retrain: "nightly"));
        world.Upload("lastfm", ApiWorld.Manifest("lastfm"));
        var function = new NightlyRetrainFunction(world.Application, world.Services.GetRequiredService<TimeProvider>(), loggerFactory.CreateLogger<NightlyRetrainFunction>());

        await function.RunAsync(new TimerInfo(), world.Client, Timeout);
        await function.RunAsync(new TimerInfo(), world.Client, Timeout);

        const string instanceId = "movies-nightly-20261201";
        var instance = await world.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Timeout);
        var report = instance.ReadOutputAs<NightlyReport>()!;
        Assert.Equal(nameof(NightlyRetrain), instance.Name);
        Assert.Equal(("movies", new DateOnly(2026, 12, 1)), (report.Dataset, report.Day));
        Assert.Empty(report.Models);
        Assert.Equal("the dataset has no promoted model yet: a completed lottery-ticket run promotes the first", report.Problem);
        Assert.True(world.Blobs.Exists(BlobLayout.ReportJson(instanceId)));
        Assert.Null(await world.Client.GetInstanceAsync("lastfm-nightly-20261201", Timeout));
        Assert.Equal(
            ["Nightly retraining timer fired (past due False) for 12/01/2026: 1 dataset(s) opted in, 1 retrain(s) started",
             "Nightly retraining timer fired (past due False) for 12/01/2026: 1 dataset(s) opted in, 0 retrain(s) started"],
            logs.Messages(LogLevel.Information).Where(m => m.StartsWith("Nightly retraining timer", StringComparison.Ordinal)));
    }

    private JobEventsFunction JobEvents() => new(world.Application, world.Services.GetRequiredService<IOptions<QueueOptions>>());

    /// <summary>What the blob trigger binds: a client for the manifest blob (never called; the run service reads the blob store).</summary>
    private static BlobClient ManifestBlob(string dataset) =>
        new(new Uri($"https://workflows.blob.core.windows.net/{BlobLayout.Manifest(dataset)}"));
}
