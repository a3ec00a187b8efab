using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Infrastructure.Queues;
using Workflows.Infrastructure.Storage;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Infrastructure.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class JobEventsQueueTests(InfrastructureStack stack, ITestOutputHelper output)
{
    private readonly RecordingOutcomeHandler handler = new();

    private static JobOutcome Outcome(string jobId) => new()
    {
        JobId = jobId,
        RunId = "run-1",
        InstanceId = "run-1:search",
        Attempt = 2,
        Status = JobStatus.Succeeded,
        ResultPath = $"runs/run-1/jobs/{jobId}/result.json",
        Metrics = new Dictionary<string, double> { ["recall@20"] = 0.25 },
        WorkerId = "worker-a",
        StartedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 30, TimeSpan.Zero),
    };

    private Task<ServiceProvider> ServicesAsync(string queue) => stack.CreateServicesAsync(output, 
        new Dictionary<string, string?>
        {
            ["Workflows:Queues:JobEvents"] = queue,
            ["Workflows:Queues:VisibilityTimeout"] = "00:00:01",
            ["Workflows:Queues:MaxDequeueCount"] = "2",
        },
        services => services.AddSingleton<IJobOutcomeHandler>(handler).AddSingleton<JobEventsConsumer>());

    [Fact]
    public async Task PollOnceAsync_PublishedOutcomes_HandledEquallyAndDeleted()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync("events-handled");
        var publisher = services.GetRequiredService<IOutcomePublisher>();
        await publisher.PublishAsync(Outcome("job-a"), ct);
        await publisher.PublishAsync(Outcome("job-b"), ct);

        var consumer = services.GetRequiredService<JobEventsConsumer>();
        Assert.Equal(2, await consumer.PollOnceAsync(ct));

        Assert.Equal(["job-a", "job-b"], handler.Handled.Select(o => o.JobId).Order());
        var handled = handler.Handled.Single(o => o.JobId == "job-a");
        Assert.Equal(Outcome("job-a") with { Metrics = handled.Metrics }, handled);
        Assert.Equal(0.25, handled.Metrics["recall@20"]);
        Assert.Equal(0, await consumer.PollOnceAsync(ct));
        Assert.Equal(0, await ApproximateCountAsync(services, "events-handled", ct));
    }

    [Fact]
    public async Task PollOnceAsync_HandlerKeepsFailing_MessageMovesToPoisonAfterMaxDequeueCount()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync("events-failing");
        handler.FailFor.Add("job-x");
        await services.GetRequiredService<IOutcomePublisher>().PublishAsync(Outcome("job-x"), ct);
        var consumer = services.GetRequiredService<JobEventsConsumer>();

        // Deliveries 1 and 2 fail; the third delivery exceeds MaxDequeueCount = 2.
        for (int delivery = 1; delivery <= 3; delivery++)
        {
            while (await consumer.PollOnceAsync(ct) == 0)
            {
                await Task.Delay(200, ct);
            }
        }

        Assert.Equal(2, handler.Attempts["job-x"]);
        Assert.Equal(0, await ApproximateCountAsync(services, "events-failing", ct));
        var poison = services.GetRequiredService<StorageClients>().Queue("events-failing-poison");
        var moved = (await poison.ReceiveMessagesAsync(1, cancellationToken: ct)).Value.Single();
        Assert.Equal("job-x", ContractJson.Deserialize<JobOutcome>(moved.Body.ToMemory().Span, "poison").JobId);
    }

    [Fact]
    public async Task PollOnceAsync_MalformedOrUndecodableBodies_MoveToPoisonAtOnce()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync("events-malformed");
        var clients = services.GetRequiredService<StorageClients>();
        await clients.Queue("events-malformed").SendMessageAsync("{\"jobId\": 5}", ct);
        var raw = new QueueClient(stack.Azurite.ConnectionString, "events-malformed", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06));
        await raw.SendMessageAsync("not base64 at all!", ct);

        var consumer = services.GetRequiredService<JobEventsConsumer>();
        await consumer.PollOnceAsync(ct);

        Assert.Empty(handler.Handled);
        Assert.Equal(0, await ApproximateCountAsync(services, "events-malformed", ct));
        var poison = clients.Queue("events-malformed-poison");
        Assert.Equal(2, (await poison.ReceiveMessagesAsync(32, cancellationToken: ct)).Value.Length);
    }

    private static async Task<int> ApproximateCountAsync(IServiceProvider services, string queue, CancellationToken ct) =>
        (await services.GetRequiredService<StorageClients>().Queue(queue).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;

    private sealed class RecordingOutcomeHandler : IJobOutcomeHandler
    {
        public ConcurrentBag<JobOutcome> Handled { get; } = [];

        public ConcurrentDictionary<string, int> Attempts { get; } = new();

        public HashSet<string> FailFor { get; } = [];

        public Task HandleAsync(JobOutcome outcome, CancellationToken cancellationToken)
        {
            Attempts.AddOrUpdate(outcome.JobId, 1, (_, n) => n + 1);
            if (FailFor.Contains(outcome.JobId))
            {
                throw new InvalidOperationException($"orchestration for {outcome.JobId} unavailable");
            }

            Handled.Add(outcome);
            return Task.CompletedTask;
        }
    }
}
