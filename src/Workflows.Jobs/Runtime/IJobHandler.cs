using System.Text.Json;

namespace Workflows.Jobs.Runtime;

/// <summary>
/// Does the work of one job kind (registered keyed by its <see cref="Contracts.JobKinds"/> name). The runtime around it
/// owns the protocol: it never calls a handler for a job that already has a result, and it writes <c>result.json</c>,
/// publishes the outcome and counts failures. A handler reads its inputs, resumes from <see cref="JobContext.LoadCheckpointAsync"/>,
/// calls <see cref="JobContext.EpochCompletedAsync"/> between epochs and writes artifacts through <see cref="JobContext.WriteArtifactAsync"/>.
/// </summary>
public interface IJobHandler
{
    /// <exception cref="Contracts.ContractValidationException">The job's parameters or inputs are invalid: the job fails without retries.</exception>
    Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken);
}

/// <param name="Metrics">Headline metrics, copied into <c>result.json</c> and the outcome.</param>
/// <param name="Artifacts">Named artifact blobs of this attempt (<c>container/name</c>), as returned by <see cref="JobContext.WriteArtifactAsync"/>.</param>
/// <param name="Details">Kind-specific summary kept in <c>result.json</c> (small).</param>
public sealed record JobHandlerResult(
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Artifacts,
    JsonElement? Details = null)
{
    public static JobHandlerResult Empty { get; } = new(new Dictionary<string, double>(), new Dictionary<string, string>());
}

/// <summary>Thrown between epochs when the run's cancel marker exists.</summary>
public sealed class JobCancelledException(string runId) : OperationCanceledException($"run {runId} was cancelled");
