using System.Diagnostics;

namespace Workflows.Infrastructure;

/// <summary>The activity source of the infrastructure adapters (register it with OpenTelemetry by <see cref="SourceName"/>).</summary>
public static class WorkflowsActivities
{
    public const string SourceName = "Workflows.Infrastructure";

    internal static ActivitySource Source { get; } = new(SourceName);
}
