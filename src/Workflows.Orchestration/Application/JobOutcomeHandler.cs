using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Application;

/// <summary>
/// Raises a worker's outcome to the job's orchestration (<see cref="JobOutcome.InstanceId"/>) as event
/// <see cref="JobOutcome.EventName"/>. Duplicates are harmless: the orchestration takes the first result and ignores the
/// rest (an event to a finished instance is dropped by the engine).
/// </summary>
public sealed class JobOutcomeHandler(IOrchestrationEngine engine, ILogger<JobOutcomeHandler> logger) : IJobOutcomeHandler
{
    public async Task HandleAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(outcome.InstanceId))
        {
            throw new ContractValidationException($"outcome of job {outcome.JobId}", [new ValidationError("instanceId", "is required")]);
        }

        await engine.RaiseEventAsync(outcome.InstanceId, JobOutcome.EventName(outcome.JobId), outcome, cancellationToken);
        logger.OutcomeRaised(outcome.RunId, outcome.JobId, outcome.Attempt, outcome.Status.ToString(), outcome.InstanceId);
    }
}
