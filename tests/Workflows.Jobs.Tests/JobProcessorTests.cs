using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Jobs.Processing;
using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Jobs.Tests;

[Collection(JobsCollection.Name)]
public sealed class JobProcessorTests(JobsStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Processor_NoOpJobsDispatched_PublishesOneSucceededOutcomeEachAndCompletesTheMessages()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        string events = $"ev-{Guid.NewGuid():N}"[..20];
        await using var services = await stack.CreateServicesAsync(output, "jobs-processor", events);
        var processor = services.GetRequiredService<JobProcessor>();
        string runId = JobsStack.NewRunId();
        var jobs = Enumerable.Range(0, 3).Select(i => JobsStack.Job(runId, JobKinds.NoOp, step: $"n{i}")).ToList();

        await processor.StartAsync(ct);
        foreach (var job in jobs)
        {
            await services.GetRequiredService<IJobDispatcher>().DispatchAsync(job, null, ct);
        }

        var outcomes = await JobsStack.ReceiveOutcomesAsync(services, events, 3, ct);
        await processor.StopAsync(ct);

        Assert.Equal(jobs.Select(j => j.JobId).Order(), outcomes.Select(o => o.JobId).Order());
        Assert.All(outcomes, o => Assert.Equal((JobStatus.Succeeded, 1, "test-worker"), (o.Status, o.Attempt, o.WorkerId)));
        var counters = stack.Broker.GetCounters("jobs-processor");
        Assert.Equal((0L, 0L, 0L), (counters.Active, counters.Locked, counters.DeadLettered));
    }

    [Fact]
    public async Task StopAsync_JobInFlight_AbandonsItsMessageForAnotherWorker()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        string events = $"ev-{Guid.NewGuid():N}"[..20];
        var epochs = new EpochHandler();
        await using var services = await stack.CreateServicesAsync(output, "jobs-processor", events, s => s.AddKeyedSingleton<IJobHandler>(EpochHandler.Kind, epochs));
        var processor = services.GetRequiredService<JobProcessor>();
        var job = JobsStack.Job(JobsStack.NewRunId(), EpochHandler.Kind);

        await StartEpochJobAsync(services, processor, epochs, job, ct);

        await processor.StopAsync(ct);

        await using var receiver = services.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>().CreateReceiver("jobs-processor");
        var redelivered = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(redelivered);
        Assert.Equal(job.MessageId, redelivered.MessageId);
        Assert.Equal(2, redelivered.DeliveryCount);
        await receiver.CompleteMessageAsync(redelivered, ct);
        Assert.Null(await services.GetRequiredService<IBlobStore>().GetVersionAsync(BlobLayout.JobAttempts(job.RunId, job.JobId), ct));
    }

    [Fact]
    public async Task Processor_JobOutlastingTheLockDuration_RenewsTheLockAndCompletesTheMessageOnce()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        string events = $"ev-{Guid.NewGuid():N}"[..20];
        var epochs = new EpochHandler();
        await using var services = await stack.CreateServicesAsync(output, JobsStack.ShortLockQueue, events, s => s.AddKeyedSingleton<IJobHandler>(EpochHandler.Kind, epochs));
        var processor = services.GetRequiredService<JobProcessor>();
        var job = JobsStack.Job(JobsStack.NewRunId(), EpochHandler.Kind);

        await StartEpochJobAsync(services, processor, epochs, job, ct);

        // Over two lock durations: without renewal the lock expires and the message comes back.
        await Task.Delay(TimeSpan.FromSeconds(7), ct);
        epochs.Release.Release(EpochHandler.TotalEpochs);
        var outcome = Assert.Single(await JobsStack.ReceiveOutcomesAsync(services, events, 1, ct));
        await processor.StopAsync(ct);

        Assert.Equal((JobStatus.Succeeded, 1), (outcome.Status, outcome.Attempt));
        Assert.Equal([0], epochs.StartEpochs);
        var counters = stack.Broker.GetCounters(JobsStack.ShortLockQueue);
        Assert.Equal((0L, 0L, 1L), (counters.Active, counters.Locked, counters.Completed));
        Assert.Empty(await JobsStack.ReceiveOutcomesAsync(services, events, 0, ct));
    }

    /// <summary>Starts the processor, dispatches <paramref name="job"/> and waits until its handler has started.</summary>
    private static async Task StartEpochJobAsync(IServiceProvider services, JobProcessor processor, EpochHandler epochs, JobMessage job, CancellationToken ct)
    {
        await processor.StartAsync(ct);
        await services.GetRequiredService<IJobDispatcher>().DispatchAsync(job, null, ct);
        while (epochs.StartEpochs.IsEmpty)
        {
            await Task.Delay(20, ct);
        }
    }
}
