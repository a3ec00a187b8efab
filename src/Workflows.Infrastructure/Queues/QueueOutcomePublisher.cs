using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Storage;
using Workflows.Orchestration.Ports;

namespace Workflows.Infrastructure.Queues;

/// <summary><see cref="IOutcomePublisher"/> over the <c>job-events</c> Storage queue (JSON body, base64 on the wire).</summary>
public sealed class QueueOutcomePublisher(StorageClients clients, StorageRetryPipeline retry, IOptions<QueueOptions> options, ILogger<QueueOutcomePublisher> logger)
    : IOutcomePublisher
{
    private readonly QueueClient queue = clients.Queue(options.Value.JobEvents);

    public async Task PublishAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        byte[] body = ContractJson.SerializeToUtf8Bytes(outcome);
        if (body.Length > SizeLimits.MaxOutcomeBytes)
        {
            throw new InvalidOperationException($"the outcome of job {outcome.JobId} is {body.Length} bytes; the limit is {SizeLimits.MaxOutcomeBytes}");
        }

        await retry.ExecuteAsync(async ct => await queue.SendMessageAsync(BinaryData.FromBytes(body), cancellationToken: ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        Log.OutcomePublished(logger, outcome.Status.ToString(), outcome.JobId, outcome.Attempt, outcome.RunId);
    }
}
