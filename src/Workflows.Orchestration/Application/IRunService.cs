using Workflows.Contracts;

namespace Workflows.Orchestration.Application;

/// <summary>
/// What both hosts (standalone and Functions) expose: every HTTP route, the blob watcher and the Event Grid trigger call
/// these methods, so the two APIs cannot drift.
/// </summary>
public interface IRunService
{
    /// <summary>A manifest arrived (blob watcher / Event Grid). Starts its run once; an invalid manifest yields a failed run whose status says why.</summary>
    Task<StartRunResult> StartFromManifestAsync(string dataset, CancellationToken cancellationToken);

    /// <summary><c>POST /api/runs</c>.</summary>
    /// <exception cref="ContractValidationException">The request or spec is invalid (HTTP 400 with every error).</exception>
    Task<StartRunResult> StartAsync(StartRunRequest request, CancellationToken cancellationToken);

    Task<RunStatus?> GetStatusAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunStatus>> ListAsync(RunListQuery query, CancellationToken cancellationToken);

    /// <summary>Writes the run's cancel marker (read by workers between epochs) and tells the orchestration to stop dispatching.</summary>
    Task<RunCommandResult> CancelAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /api/runs/{runId}/retry</c>: restarts a failed, cancelled or partly failed run under the same id (the next
    /// <see cref="Runs.RunRequest.Generation"/>). Finished jobs are reused through their write-once results; the others
    /// continue their attempt numbers with a fresh retry budget.
    /// </summary>
    Task<RunCommandResult> RetryAsync(string runId, CancellationToken cancellationToken);

    /// <summary><c>DELETE /api/runs/{runId}</c>: a finished run's blobs and its orchestration history (the run's and its steps').</summary>
    Task<RunCommandResult> DeleteAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /api/runs/{runId}/jobs/{jobId}/log</c>: the log of attempt <paramref name="attempt"/>, or of the latest attempt
    /// that wrote one; null when the run, the job or the log is unknown.
    /// </summary>
    Task<JobLog?> GetJobLogAsync(string runId, string jobId, int? attempt, CancellationToken cancellationToken);

    /// <summary><c>GET /api/runs/{runId}/jobs</c>: every job that has started, from its blobs; null when the run is unknown.</summary>
    Task<IReadOnlyList<JobStatusSummary>?> ListJobsAsync(string runId, CancellationToken cancellationToken);

    /// <summary><c>GET /api/runs/{runId}/report</c>: <c>report.json</c> (or <c>report.md</c>) once written.</summary>
    Task<ReportDocument?> GetReportAsync(string runId, ReportFormat format, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /api/runs/{runId}/report/files</c>: the report's files written so far (none before the run finishes),
    /// named relative to the run's folder; null when the run is unknown.
    /// </summary>
    Task<IReadOnlyList<ReportFile>?> ListReportFilesAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /api/runs/{runId}/report/files/{name}</c>: one file <see cref="ListReportFilesAsync"/> lists; null when it
    /// does not exist or <paramref name="name"/> names no report file.
    /// </summary>
    Task<ReportDocument?> GetReportFileAsync(string runId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken);
}

/// <summary>A worker's outcome arrived on <c>job-events</c>: raise it to the waiting orchestration.</summary>
public interface IJobOutcomeHandler
{
    Task HandleAsync(JobOutcome outcome, CancellationToken cancellationToken);
}

/// <param name="Spec">Null: the manifest's default run, else the family's defaults.</param>
/// <param name="IdempotencyKey">The same key on the same dataset always maps to the same run.</param>
/// <param name="Force">Make a new run id on purpose even if an identical run exists.</param>
public sealed record StartRunRequest(string Dataset, RunSpec? Spec = null, string? IdempotencyKey = null, bool Force = false);

/// <param name="Created">False when the run already existed (the call was a no-op) or was not started.</param>
/// <param name="NotStartedBecause">Set when nothing was started on purpose (a manifest with <c>trigger: manual</c>); then
/// <paramref name="RunId"/> is the id the run would have and <paramref name="Status"/> is a pending placeholder that no engine
/// instance backs.</param>
public sealed record StartRunResult(string RunId, bool Created, RunStatus Status, string? NotStartedBecause = null);

public sealed record RunListQuery(string? Dataset = null, RunState? State = null, int Limit = 50);

public enum RunCommandResult
{
    Accepted,
    NotFound,
    NotApplicable,
}

public enum ReportFormat
{
    Json,
    Markdown,
}

/// <param name="Text">The attempt's <c>log.txt</c> (UTF-8).</param>
public sealed record JobLog(string JobId, int Attempt, ReadOnlyMemory<byte> Text);

public sealed record ReportDocument(string ContentType, ReadOnlyMemory<byte> Content);

/// <param name="Name">Relative to the run's folder: <c>report.md</c>, <c>plots/mf-recall20.png</c>.</param>
public sealed record ReportFile(string Name, string ContentType, long Bytes, DateTimeOffset LastModified);

public sealed record DatasetSummary(string Name, DatasetKind Kind, DatasetTrigger Trigger, RetrainSchedule Retrain, int FileCount, DateTimeOffset LastModified);
