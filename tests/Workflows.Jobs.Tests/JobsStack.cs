using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Broker;
using Workflows.Contracts;
using Workflows.Infrastructure.Storage;
using Workflows.LocalStack;
using Workflows.Testing;
using Xunit.Abstractions;
using BrokerQueue = Workflows.Broker.QueueOptions;

namespace Workflows.Jobs.Tests;

/// <summary>One Azurite and one loopback broker for the assembly; every test uses its own run id, queues and job ids.</summary>
public sealed class JobsStack : IAsyncLifetime
{
    public static readonly string[] JobQueues = ["jobs-retry", "jobs-processor", "jobs-misc"];

    /// <summary>Locks of three seconds (renewed halfway, so a loaded CI machine has 1.5 s to renew): a longer job keeps its message only by renewing the lock.</summary>
    public const string ShortLockQueue = "jobs-short-lock";

    public LocalAzurite Azurite { get; private set; } = null!;

    public LoopbackBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await LocalAzurite.StartAsync(startupTimeout: TimeSpan.FromSeconds(60));
        Broker = await LoopbackBroker.StartAsync(new BrokerOptions
        {
            CountersLogInterval = TimeSpan.Zero,
            Queues =
            [
                .. JobQueues.Select(name => new BrokerQueue { Name = name, LockDuration = TimeSpan.FromSeconds(5), DuplicateDetectionWindow = TimeSpan.FromMinutes(10) }),
                new BrokerQueue { Name = ShortLockQueue, LockDuration = TimeSpan.FromSeconds(3) },
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public async Task<ServiceProvider> CreateServicesAsync(ITestOutputHelper output, string jobsQueue, string eventsQueue, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Workflows:ServiceBus:ConnectionString"] = Broker.ConnectionString,
            ["Workflows:ServiceBus:JobsQueue"] = jobsQueue,
            ["Workflows:Queues:JobEvents"] = eventsQueue,
            ["Workflows:Jobs:RetryBudget"] = "2",
            ["Workflows:Jobs:BackoffBase"] = "00:00:00.200",
            ["Workflows:Jobs:BackoffMax"] = "00:00:00.300",
            ["Workflows:Jobs:HeartbeatInterval"] = "00:00:00.200",
            ["Workflows:Worker:WorkerId"] = "test-worker",
            ["Workflows:Worker:Device"] = "cpu",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Debug))
            .AddWorkflowsJobs(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(TestTimeouts.After(TimeSpan.FromSeconds(60)));
        return provider;
    }

    public static JobMessage Job(string runId, string kind, int attempt = 1, string step = "r00") => new()
    {
        JobId = Identifiers.JobId(runId, step),
        RunId = runId,
        InstanceId = $"{runId}:search",
        Kind = kind,
        Attempt = attempt,
        Parameters = JsonSerializer.SerializeToElement(new { }),
        Deadline = DateTimeOffset.UtcNow.AddMinutes(10),
    };

    public static string NewRunId() => $"test-{Guid.NewGuid():N}"[..21];

    /// <summary>Receives exactly <paramref name="count"/> outcomes from the test's <c>job-events</c> queue (deleting them).</summary>
    public static async Task<List<JobOutcome>> ReceiveOutcomesAsync(IServiceProvider services, string eventsQueue, int count, CancellationToken ct)
    {
        QueueClient queue = services.GetRequiredService<StorageClients>().Queue(eventsQueue);
        var outcomes = new List<JobOutcome>();
        while (outcomes.Count < count)
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32, cancellationToken: ct)).Value)
            {
                outcomes.Add(ContractJson.Deserialize<JobOutcome>(message.Body.ToMemory().Span, "outcome"));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            }

            if (outcomes.Count < count)
            {
                await Task.Delay(100, ct);
            }
        }

        // Nothing more than expected arrived.
        Assert.Empty((await queue.PeekMessagesAsync(32, ct)).Value);
        return outcomes;
    }
}

[CollectionDefinition(Name)]
public sealed class JobsCollection : ICollectionFixture<JobsStack>
{
    public const string Name = "jobs stack";
}
