using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Jobs;

/// <summary>
/// Sends one attempt of a job to the <c>jobs</c> queue. The message id is <c>{jobId}#{attempt}</c>, so an activity retried
/// by the engine after a crash sends a duplicate that Service Bus drops.
/// </summary>
public sealed class DispatchJob(IJobDispatcher dispatcher, ILogger<DispatchJob> logger) : TaskActivity<JobMessage, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, JobMessage input)
    {
        // The activity's span (when tracing is on) is the parent of the worker's: W3C trace context travels in the message.
        var message = Activity.Current is { IdFormat: ActivityIdFormat.W3C } span
            ? input with { TraceParent = span.Id, TraceState = span.TraceStateString }
            : input;
        await dispatcher.DispatchAsync(message, notBefore: null, CancellationToken.None);
        logger.JobDispatched(message.RunId, message.JobId, message.Attempt, message.Kind);
        return true;
    }
}
