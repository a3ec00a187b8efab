namespace Workflows.Broker.Tests.Infrastructure;

/// <summary>The queues the conformance tests use and the settings they assume.</summary>
public static class TestQueues
{
    /// <summary>Lock duration and max delivery count from <see cref="ServiceBusTarget"/>; no duplicate detection, no expiry dead-lettering.</summary>
    public const string Basic = "conformance-basic";

    /// <summary>Like <see cref="Basic"/>, with duplicate detection (window at least one minute).</summary>
    public const string Deduplicated = "conformance-dedup";

    /// <summary>Like <see cref="Basic"/>, with dead-lettering on message expiration.</summary>
    public const string Expiring = "conformance-expiring";

    /// <summary>Lock duration of at least 30 seconds, max delivery count of at least 3, for the high-volume test.</summary>
    public const string Bulk = "conformance-bulk";

    public static BrokerOptions LoopbackOptions(TimeSpan lockDuration, int maxDeliveryCount) => new()
    {
        Queues =
        [
            new QueueOptions { Name = Basic, LockDuration = lockDuration, MaxDeliveryCount = maxDeliveryCount },
            new QueueOptions
            {
                Name = Deduplicated,
                LockDuration = lockDuration,
                MaxDeliveryCount = maxDeliveryCount,
                DuplicateDetectionWindow = TimeSpan.FromMinutes(1),
            },
            new QueueOptions
            {
                Name = Expiring,
                LockDuration = lockDuration,
                MaxDeliveryCount = maxDeliveryCount,
                DeadLetteringOnMessageExpiration = true,
            },
            new QueueOptions { Name = Bulk, LockDuration = TimeSpan.FromSeconds(30), MaxDeliveryCount = maxDeliveryCount },
        ],
    };
}
