using System.Diagnostics.Metrics;

namespace Workflows.Infrastructure.Messaging;

/// <summary>
/// Metrics of the <c>jobs</c> queue (meter <see cref="WorkflowsActivities.SourceName"/>), by <c>job.kind</c>:
/// <c>workflows.jobs.dispatched</c> counts messages sent (first attempts and retries), and <c>workflows.jobs.waiting</c>
/// is an up-down counter of messages no worker holds (+1 sent, −1 taken by a worker, +1 given back by an abandon).
/// Summed over every process that sends or takes jobs it approximates the queue's depth as the processes see it; the
/// broker's own count is the gauge <see cref="JobsQueueDepth.GaugeName"/>.
/// </summary>
public static class JobQueueMetrics
{
    public const string DispatchedName = "workflows.jobs.dispatched";
    public const string WaitingName = "workflows.jobs.waiting";

    private static readonly Meter Meter = new(WorkflowsActivities.SourceName);

    private static readonly Counter<long> Dispatched = Meter.CreateCounter<long>(DispatchedName, "{message}", "Job messages sent to the jobs queue, by job.kind");

    private static readonly UpDownCounter<long> Waiting = Meter.CreateUpDownCounter<long>(WaitingName, "{message}", "Job messages on the jobs queue that no worker holds, by job.kind");

    public static void Sent(string kind)
    {
        Dispatched.Add(1, Kind(kind));
        Waiting.Add(1, Kind(kind));
    }

    /// <param name="kind">The message's subject, where the dispatcher puts the kind; null for a message from elsewhere.</param>
    public static void Taken(string? kind) => Waiting.Add(-1, Kind(kind));

    public static void Returned(string? kind) => Waiting.Add(1, Kind(kind));

    private static KeyValuePair<string, object?> Kind(string? kind) => new("job.kind", kind ?? "unknown");
}
