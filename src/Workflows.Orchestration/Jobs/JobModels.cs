using System.Text.Json;
using Workflows.Contracts;

namespace Workflows.Orchestration.Jobs;

/// <summary>
/// How the orchestration watches a dispatched job. Taken from <see cref="Application.OrchestrationOptions"/> when the run
/// starts and carried in the run's input, so that changing configuration never changes a running orchestration's replay.
/// </summary>
/// <param name="HeartbeatCheckInterval">How long to wait for an outcome before looking at the job's heartbeat.</param>
/// <param name="HeartbeatStaleAfter">A started attempt whose heartbeat is older than this is lost (a queued one waits for its deadline).</param>
/// <param name="MaxDispatchAttempts">Attempts the orchestration dispatches before giving up on a job that never reports.</param>
public sealed record JobPolicy(TimeSpan HeartbeatCheckInterval, TimeSpan HeartbeatStaleAfter, int MaxDispatchAttempts);

/// <summary>The input of <see cref="RunJob"/>: one job of a run, independent of its kind.</summary>
/// <param name="Inputs">Named input blobs (<c>container/name</c>).</param>
/// <param name="Parameters">Kind-specific parameters (e.g. <see cref="Recsys.TrainRoundParameters"/>).</param>
/// <param name="Deadline">How long one attempt may take from dispatch.</param>
/// <param name="Generation">The run's execution (<see cref="Runs.RunRequest.Generation"/>): a retried run's job continues
/// the attempt numbers of the earlier executions.</param>
public sealed record JobRequest(
    string RunId,
    string JobId,
    string Kind,
    IReadOnlyDictionary<string, string> Inputs,
    JsonElement Parameters,
    TimeSpan Deadline,
    JobPolicy Policy,
    int Generation = 0);

public enum JobStepState
{
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>The output of <see cref="RunJob"/>.</summary>
/// <param name="ResultPath">The job's <c>result.json</c> when it succeeded.</param>
/// <param name="Metrics">Headline metrics of the result (or of the failed outcome).</param>
/// <param name="Attempts">Attempts this orchestration dispatched (0 when an existing result was reused).</param>
/// <param name="Reused">The result existed before this run execution (a retried run reuses finished jobs).</param>
public sealed record JobStepResult(
    string JobId,
    JobStepState State,
    string? ResultPath,
    IReadOnlyDictionary<string, double> Metrics,
    string? Error,
    int Attempts,
    double WorkerSeconds,
    bool Reused)
{
    public bool Succeeded => State == JobStepState.Succeeded;
}

/// <summary>A job's stored <c>result.json</c>, reduced to what orchestrations need.</summary>
public sealed record JobResultSummary(string ResultPath, int Attempt, IReadOnlyDictionary<string, double> Metrics, double WorkerSeconds)
{
    public static JobResultSummary From(JobResult result, BlobPath path) =>
        new(path.ToString(), result.Attempt, result.Metrics, Math.Max(0, (result.FinishedAt - result.StartedAt).TotalSeconds));
}

/// <summary>What <see cref="InspectJob"/> found when an outcome was late.</summary>
public enum JobHealth
{
    /// <summary>The attempt's heartbeat is fresh, or it has not started yet (queued, or a retry in its backoff), and its deadline has not passed: keep waiting.</summary>
    Alive,

    /// <summary>The attempt's heartbeat went stale or its deadline passed: the attempt is lost.</summary>
    Lost,

    /// <summary>A <c>result.json</c> exists although its outcome never arrived.</summary>
    Finished,

    /// <summary>The run's cancel marker exists.</summary>
    RunCancelled,
}

/// <param name="Now">The orchestration's current time (deterministic), compared with the heartbeat's time.</param>
public sealed record JobInspectionRequest(string RunId, string JobId, int Attempt, DateTimeOffset Deadline, TimeSpan StaleAfter, DateTimeOffset Now);

/// <param name="Result">Set when <see cref="Health"/> is <see cref="JobHealth.Finished"/>.</param>
public sealed record JobInspection(JobHealth Health, string Reason, JobResultSummary? Result);

public sealed record JobResultRequest(string RunId, string JobId);
