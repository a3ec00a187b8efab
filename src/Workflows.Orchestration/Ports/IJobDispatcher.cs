using Workflows.Contracts;

namespace Workflows.Orchestration.Ports;

/// <summary>Puts a job on the <c>jobs</c> queue (Service Bus). Sending the same attempt twice deduplicates by message id.</summary>
public interface IJobDispatcher
{
    /// <param name="notBefore">Scheduled enqueue time for retries with backoff; null sends now.</param>
    Task DispatchAsync(JobMessage message, DateTimeOffset? notBefore, CancellationToken cancellationToken);
}

/// <summary>Publishes a job outcome to the <c>job-events</c> Storage queue.</summary>
public interface IOutcomePublisher
{
    Task PublishAsync(JobOutcome outcome, CancellationToken cancellationToken);
}
