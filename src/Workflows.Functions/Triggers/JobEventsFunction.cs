using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Functions.Durable;
using Workflows.Infrastructure.Queues;

namespace Workflows.Functions.Triggers;

/// <summary>
/// The Functions app's consumer of <c>job-events</c>: like the standalone host's <c>JobEventsConsumer</c>, it reads each
/// message as a <see cref="JobOutcome"/> in the contracts' dialect and hands it to the job outcome handler, which raises
/// it to the waiting orchestration. A message that fails (unreadable, or the event cannot be raised) is retried and,
/// after host.json's <c>queues.maxDequeueCount</c> deliveries, moved to <c>job-events-poison</c> by the host.
/// </summary>
public sealed class JobEventsFunction(DurableApplicationServices services, IOptions<QueueOptions> queues)
{
    public const string Name = "JobOutcomeReceived";

    /// <summary>Resolved by the host from the same setting the workers publish to (<c>Workflows:Queues:JobEvents</c>).</summary>
    public const string QueueSetting = "%Workflows:Queues:JobEvents%";

    [Function(Name)]
    public async Task RunAsync(
        [QueueTrigger(QueueSetting)] string message,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var outcome = ContractJson.Deserialize<JobOutcome>(message, $"{queues.Value.JobEvents} message {id}");
        await services.Outcomes(client).HandleAsync(outcome, cancellationToken);
    }
}
