using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Workflows.Infrastructure;

/// <summary>
/// The activity source and meter of the infrastructure adapters, both named <see cref="SourceName"/> (hosts register
/// <c>Workflows.*</c> with OpenTelemetry).
/// </summary>
public static class WorkflowsActivities
{
    public const string SourceName = "Workflows.Infrastructure";

    internal static ActivitySource Source { get; } = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    /// <summary>Job messages sent to the <c>jobs</c> queue (first attempts and retries), by <c>job.kind</c>.</summary>
    internal static Counter<long> Dispatched { get; } = Meter.CreateCounter<long>("workflows.jobs.dispatched", "{message}", "Job messages sent to the jobs queue, by job.kind");
}
