using System.Diagnostics;
using OpenTelemetry;

namespace Workflows.Hosting.Telemetry;

/// <summary>
/// Gives every span started under a run's span the run's id: a span that sets <see cref="WorkflowsTelemetry.RunIdTag"/>
/// also puts it in its baggage, which its children (blob writes, HTTP calls, heartbeats) inherit in-process.
/// </summary>
internal sealed class RunIdSpanProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem(WorkflowsTelemetry.RunIdTag) is null && data.GetBaggageItem(WorkflowsTelemetry.RunIdTag) is { } runId)
        {
            data.SetTag(WorkflowsTelemetry.RunIdTag, runId);
        }
    }
}
