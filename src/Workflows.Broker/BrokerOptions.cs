namespace Workflows.Broker;

/// <summary>
/// Settings of the loopback broker, bound from the <see cref="SectionName"/> configuration section:
/// <code>
/// "Workflows": { "Broker": { "Port": 0, "Queues": [ { "Name": "jobs", "LockDuration": "00:01:00", "MaxDeliveryCount": 10 } ] } }
/// </code>
/// </summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Workflows:Broker";

    /// <summary>The queue created when <see cref="Queues"/> is empty.</summary>
    public const string DefaultQueueName = "jobs";

    /// <summary>Loopback address to bind; any other address is refused.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free port, reported by <see cref="LoopbackBroker.Port"/>.</summary>
    public int Port { get; set; }

    /// <summary>
    /// TCP port of the HTTP management endpoint (queue runtime properties for <c>ServiceBusAdministrationClient</c>,
    /// through <see cref="LoopbackBroker.AdministrationConnectionString"/>); 0 picks a free port, null (the default) has none.
    /// </summary>
    public int? ManagementPort { get; set; }

    /// <summary>Queues created at start; when empty, a single <see cref="DefaultQueueName"/> queue with default settings.</summary>
    public List<QueueOptions> Queues { get; set; } = [];

    /// <summary>Largest message (or batch) a sender may transfer; reported to senders on attach.</summary>
    public long MaxMessageSizeBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the per-queue counters are written to the log; <see cref="TimeSpan.Zero"/> turns it off.</summary>
    public TimeSpan CountersLogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Shared access key name put in <see cref="LoopbackBroker.ConnectionString"/>; any token is accepted.</summary>
    public string SharedAccessKeyName { get; set; } = "RootManageSharedAccessKey";

    /// <summary>Shared access key put in <see cref="LoopbackBroker.ConnectionString"/>; any token is accepted.</summary>
    public string SharedAccessKey { get; set; } = "SAS_KEY_VALUE";

    internal IReadOnlyList<QueueOptions> EffectiveQueues =>
        Queues.Count > 0 ? Queues : [new QueueOptions { Name = DefaultQueueName }];
}

/// <summary>One queue and the Service Bus properties the broker honours for it.</summary>
public sealed class QueueOptions
{
    public string Name { get; set; } = BrokerOptions.DefaultQueueName;

    /// <summary>How long a peek-lock receiver owns a message before it is redelivered.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Deliveries after which an abandoned or expired-lock message moves to the dead-letter queue.</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>Whether messages whose time to live elapses move to the dead-letter queue instead of being dropped.</summary>
    public bool DeadLetteringOnMessageExpiration { get; set; }

    /// <summary>Time to live of messages that do not set their own (a message's own TTL is capped by it).</summary>
    public TimeSpan DefaultMessageTimeToLive { get; set; } = TimeSpan.MaxValue;

    /// <summary>Total size of the messages held (active, locked, scheduled and dead-lettered) beyond which sends are refused.</summary>
    public long MaxSizeBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Window in which a second message with the same MessageId is accepted and dropped; null turns detection off.</summary>
    public TimeSpan? DuplicateDetectionWindow { get; set; }
}
