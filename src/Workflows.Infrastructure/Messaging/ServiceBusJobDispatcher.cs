using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Infrastructure.Messaging;

/// <summary>
/// <see cref="IJobDispatcher"/> over Service Bus: the JSON <see cref="JobMessage"/> as body, its <see cref="JobMessage.MessageId"/>
/// as message id (duplicate detection drops a retried send of one attempt), backoff as scheduled enqueue time, and the W3C
/// trace context plus run/job ids as application properties.
/// </summary>
public sealed class ServiceBusJobDispatcher(ServiceBusClient client, IOptions<ServiceBusOptions> options, ILogger<ServiceBusJobDispatcher> logger)
    : IJobDispatcher, IAsyncDisposable
{
    private readonly ServiceBusSender sender = client.CreateSender(options.Value.JobsQueue);

    public async Task DispatchAsync(JobMessage message, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        using var activity = WorkflowsActivities.Source.StartActivity("jobs send", ActivityKind.Producer);
        activity?.SetTag(JobMessageProperties.RunId, message.RunId);
        activity?.SetTag(JobMessageProperties.JobId, message.JobId);
        activity?.SetTag(JobMessageProperties.Attempt, message.Attempt);

        var traced = message.TraceParent is null && Activity.Current is { } current
            ? message with { TraceParent = current.Id, TraceState = current.TraceStateString }
            : message;
        var body = new ServiceBusMessage(BinaryData.FromBytes(ContractJson.SerializeToUtf8Bytes(traced)))
        {
            MessageId = message.MessageId,
            ContentType = "application/json",
            Subject = message.Kind,
        };
        JobMessageProperties.Write(body.ApplicationProperties, traced);
        if (notBefore is { } at)
        {
            body.ScheduledEnqueueTime = at;
        }

        await sender.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
        JobQueueMetrics.Sent(message.Kind);
        Log.Dispatched(logger, message.JobId, message.Attempt, message.RunId, message.MessageId, notBefore);
    }

    public ValueTask DisposeAsync() => sender.DisposeAsync();
}

/// <summary>Application properties a job message carries besides its body, readable without parsing it.</summary>
public static class JobMessageProperties
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string RunId = "runId";
    public const string JobId = "jobId";
    public const string Attempt = "attempt";
    public const string Kind = "kind";

    public static void Write(IDictionary<string, object> properties, JobMessage message)
    {
        properties[RunId] = message.RunId;
        properties[JobId] = message.JobId;
        properties[Attempt] = message.Attempt;
        properties[Kind] = message.Kind;
        if (message.TraceParent is not null)
        {
            properties[TraceParent] = message.TraceParent;
        }

        if (message.TraceState is not null)
        {
            properties[TraceState] = message.TraceState;
        }
    }

    /// <summary>The parent context of the consuming span: the message's traceparent (null when absent or malformed).</summary>
    public static ActivityContext? ParentContext(IReadOnlyDictionary<string, object> properties) =>
        properties.TryGetValue(TraceParent, out var parent) && parent is string traceParent
        && ActivityContext.TryParse(traceParent, properties.TryGetValue(TraceState, out var state) ? state as string : null, out var context)
            ? context
            : null;
}
