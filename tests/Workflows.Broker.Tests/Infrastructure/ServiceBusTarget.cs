using Azure.Messaging.ServiceBus;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Infrastructure;

/// <summary>
/// The Service Bus the conformance tests run against: the loopback broker by default, or any namespace or emulator
/// named by <see cref="ConnectionVariable"/>, which must hold the queues in <see cref="TestQueues"/> with the
/// settings given there (lock duration and max delivery count may be overridden by environment variables).
/// </summary>
public sealed class ServiceBusTarget : IAsyncLifetime
{
    public const string ConnectionVariable = "WORKFLOWS_SERVICEBUS_CONFORMANCE_CONNECTION";
    public const string LockDurationVariable = "WORKFLOWS_SERVICEBUS_CONFORMANCE_LOCK_DURATION";
    public const string MaxDeliveryCountVariable = "WORKFLOWS_SERVICEBUS_CONFORMANCE_MAX_DELIVERY_COUNT";

    static readonly TimeSpan LoopbackLockDuration = TimeSpan.FromSeconds(2);
    const int LoopbackMaxDeliveryCount = 3;

    readonly TestOutputLogger _logger = new();

    public LoopbackBroker? Broker { get; private set; }

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Lock duration of every test queue but <see cref="TestQueues.Bulk"/>.</summary>
    public TimeSpan LockDuration { get; private set; } = LoopbackLockDuration;

    public int MaxDeliveryCount { get; private set; } = LoopbackMaxDeliveryCount;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } connectionString)
        {
            ConnectionString = connectionString;
            LockDuration = Environment.GetEnvironmentVariable(LockDurationVariable) is { Length: > 0 } lockDuration
                ? TimeSpan.Parse(lockDuration, System.Globalization.CultureInfo.InvariantCulture)
                : TimeSpan.FromSeconds(5);
            MaxDeliveryCount = Environment.GetEnvironmentVariable(MaxDeliveryCountVariable) is { Length: > 0 } count
                ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)
                : LoopbackMaxDeliveryCount;
            return;
        }

        Broker = await LoopbackBroker.StartAsync(TestQueues.LoopbackOptions(LockDuration, MaxDeliveryCount), _logger);
        ConnectionString = Broker.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }
    }

    /// <summary>Sends the broker's log to the output of the test about to run.</summary>
    public void LogTo(ITestOutputHelper output) => _logger.Output = output;

    public ServiceBusClient CreateClient() => new(ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { TryTimeout = TimeSpan.FromSeconds(15), MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200) },
    });

    /// <summary>Empties a queue and its dead-letter queue, so a test starts from nothing whatever ran before.</summary>
    public async Task PurgeAsync(ServiceBusClient client, string queue, CancellationToken cancellationToken)
    {
        foreach (var subQueue in new[] { SubQueue.None, SubQueue.DeadLetter })
        {
            await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions
            {
                ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete,
                SubQueue = subQueue,
            });
            IReadOnlyList<ServiceBusReceivedMessage> received;
            do
            {
                received = await receiver.ReceiveMessagesAsync(100, TimeSpan.FromMilliseconds(300), cancellationToken);
            }
            while (received.Count > 0);
        }
    }
}
