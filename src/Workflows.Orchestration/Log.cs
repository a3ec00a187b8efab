using Microsoft.Extensions.Logging;

namespace Workflows.Orchestration;

/// <summary>Source-generated log messages of the orchestration layer (event ids 1000–1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Dispatched job {JobId} attempt {Attempt} ({Kind}) of run {RunId}")]
    public static partial void JobDispatched(this ILogger logger, string runId, string jobId, int attempt, string kind);

    [LoggerMessage(1001, LogLevel.Information, "Reused the existing result of job {JobId} (attempt {Attempt}) in run {RunId}")]
    public static partial void JobResultReused(this ILogger logger, string runId, string jobId, int attempt);

    [LoggerMessage(1002, LogLevel.Warning, "Job {JobId} attempt {Attempt} of run {RunId} is lost: {Reason}")]
    public static partial void AttemptLost(this ILogger logger, string runId, string jobId, int attempt, string reason);

    [LoggerMessage(1003, LogLevel.Information, "Ignored a {Status} outcome of job {JobId} from superseded attempt {Attempt} in run {RunId}")]
    public static partial void StaleOutcomeIgnored(this ILogger logger, string runId, string jobId, int attempt, string status);

    [LoggerMessage(1004, LogLevel.Information, "Search {SearchKey} of run {RunId} ended {State} after {Rounds} pruned rounds (stop: {StopReason})")]
    public static partial void SearchFinished(this ILogger logger, string runId, string searchKey, string state, int rounds, string stopReason);

    [LoggerMessage(1010, LogLevel.Information, "Run {RunId} of dataset {Dataset}: {Result}")]
    public static partial void RunStarted(this ILogger logger, string runId, string dataset, string result);

    [LoggerMessage(1011, LogLevel.Warning, "Manifest {ManifestPath} is invalid; run {RunId} records why: {Error}")]
    public static partial void ManifestRejected(this ILogger logger, string manifestPath, string runId, string error);

    [LoggerMessage(1012, LogLevel.Information, "Manifest {ManifestPath} says trigger: manual; no run started")]
    public static partial void ManualTriggerIgnored(this ILogger logger, string manifestPath);

    [LoggerMessage(1013, LogLevel.Information, "Cancel requested for run {RunId}")]
    public static partial void CancelRequested(this ILogger logger, string runId);

    [LoggerMessage(1014, LogLevel.Information, "Raised outcome of job {JobId} attempt {Attempt} ({Status}) to {InstanceId} in run {RunId}")]
    public static partial void OutcomeRaised(this ILogger logger, string runId, string jobId, int attempt, string status, string instanceId);

    [LoggerMessage(1016, LogLevel.Information, "Retry of run {RunId} as execution {Generation}: {Result}")]
    public static partial void RetryRequested(this ILogger logger, string runId, int generation, string result);

    [LoggerMessage(1017, LogLevel.Information, "Deleted run {RunId}: {Blobs} blobs and its orchestration history")]
    public static partial void RunDeleted(this ILogger logger, string runId, int blobs);

    [LoggerMessage(1015, LogLevel.Warning, "Skipped dataset manifest {ManifestPath} in the dataset list: {Error}")]
    public static partial void DatasetListingSkipped(this ILogger logger, string manifestPath, string error);

    [LoggerMessage(1020, LogLevel.Information, "Nightly retrain {InstanceId} of dataset {Dataset}: {Result}")]
    public static partial void NightlyScheduled(this ILogger logger, string dataset, string instanceId, string result);

    [LoggerMessage(1021, LogLevel.Warning, "Dataset {Dataset} opted in to nightly retraining, but {Kind} datasets have no retrain in this version: nothing was started")]
    public static partial void NightlyKindUnsupported(this ILogger logger, string dataset, string kind);
}
