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

        await processor.StartAsync(ct);
        await services.GetRequiredService<IJobDispatcher>().DispatchAsync(job, null, ct);
        while (epochs.StartEpochs.IsEmpty)
        {
            await Task.Delay(20, ct);
        }

        await processor.StopAsync(ct);

        await using var receiver = services.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>().CreateReceiver("jobs-processor");
        var redelivered = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(redelivered);
        Assert.Equal(job.MessageId, redelivered.MessageId);
        Assert.Equal(2, redelivered.DeliveryCount);
        await receiver.CompleteMessageAsync(redelivered, ct);
        Assert.Null(await services.GetRequiredService<IBlobStore>().GetVersionAsync(BlobLayout.JobAttempts(job.RunId, job.JobId), ct));
    }
}
