using System.Diagnostics;
using OpenTelemetry;
using Workflows.Orchestration.Durable;

namespace Workflows.Hosting.Telemetry;

/// <summary>
/// Gives every span of a run the run's id: a span that sets <see cref="WorkflowsTelemetry.RunIdTag"/> also puts it in its
/// baggage, which its children (blob writes, HTTP calls, heartbeats) inherit in-process; DurableTask.Core's own spans
/// (orchestrations, activities, timers), some of which end outside any code of ours, get it from the instance id they name.
/// </summary>
internal sealed class RunIdSpanProcessor : BaseProcessor<Activity>
{
    /// <summary>The tag DurableTask.Core's spans name their orchestration instance with.</summary>
    public const string DurableInstanceIdTag = "durabletask.task.instance_id";

    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem(WorkflowsTelemetry.RunIdTag) is not null)
        {
            return;
        }

        if (data.GetBaggageItem(WorkflowsTelemetry.RunIdTag) is { } runId)
        {
            data.SetTag(WorkflowsTelemetry.RunIdTag, runId);
        }
        else if (data.GetTagItem(DurableInstanceIdTag) is string instanceId && instanceId.Length > 0)
        {
            data.SetTag(WorkflowsTelemetry.RunIdTag, RunTelemetry.RunIdOf(instanceId));
        }
    }
}
