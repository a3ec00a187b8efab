using System.Globalization;
using Workflows.Contracts;

namespace Workflows.LocalStack;

/// <summary>
/// The broker's <c>jobs</c> queue as Bicep deploys it by default (bicep/main.bicep; the Deployment tests compare):
/// duplicate detection on, so a re-sent attempt (same MessageId) is dropped the way Service Bus drops it.
/// <see cref="LocalStackOptions.Settings"/> may override any of these, e.g. <c>Workflows:Broker:Queues:0:LockDuration</c>.
/// </summary>
public static class LocalJobsQueue
{
    public static TimeSpan LockDuration { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The workers' retry budget (2) plus Bicep's headroom for interrupted deliveries (8).</summary>
    public const int MaxDeliveryCount = 10;

    public static TimeSpan DuplicateDetectionWindow { get; } = TimeSpan.FromHours(1);

    /// <summary>The broker's queue settings and the matching delivery count for the programs that read it.</summary>
    internal static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Workflows__Broker__Queues__0__Name"] = QueueNames.Jobs,
        ["Workflows__Broker__Queues__0__LockDuration"] = LockDuration.ToString("c", CultureInfo.InvariantCulture),
        ["Workflows__Broker__Queues__0__MaxDeliveryCount"] = MaxDeliveryCount.ToString(CultureInfo.InvariantCulture),
        ["Workflows__Broker__Queues__0__DuplicateDetectionWindow"] = DuplicateDetectionWindow.ToString("c", CultureInfo.InvariantCulture),
        ["Workflows__Broker__Queues__0__DeadLetteringOnMessageExpiration"] = "true",
        ["Workflows__ServiceBus__MaxDeliveryCount"] = MaxDeliveryCount.ToString(CultureInfo.InvariantCulture),
    };
}
