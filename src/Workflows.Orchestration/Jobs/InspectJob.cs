using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Jobs;

/// <summary>
/// Decides what a late outcome means: the job finished but its outcome was lost, the run was cancelled, the attempt is
/// alive (fresh heartbeat) or still queued (no heartbeat of it yet), or it is lost (its heartbeat went stale, or it is
/// past its deadline) and must be re-dispatched.
/// </summary>
public sealed class InspectJob(IBlobStore blobs) : TaskActivity<JobInspectionRequest, JobInspection>
{
    public override async Task<JobInspection> RunAsync(TaskActivityContext context, JobInspectionRequest input)
    {
        var cancellationToken = CancellationToken.None;
        if (await ReadJobResult.ReadAsync(blobs, input.RunId, input.JobId, cancellationToken) is { } result)
        {
            return new JobInspection(JobHealth.Finished, $"result.json of attempt {result.Attempt} exists", result);
        }

        if (await blobs.GetVersionAsync(BlobLayout.CancelMarker(input.RunId), cancellationToken) is not null)
        {
            return new JobInspection(JobHealth.RunCancelled, "the run's cancel marker exists", null);
        }

        if (input.Now >= input.Deadline)
        {
            return new JobInspection(JobHealth.Lost, $"attempt {input.Attempt} passed its deadline {input.Deadline:O}", null);
        }

        var progressPath = BlobLayout.JobProgress(input.RunId, input.JobId);
        var content = await blobs.TryReadAsync(progressPath, cancellationToken);
        var progress = content is null ? null : ContractJson.Deserialize<JobProgress>(content.Data.Span, progressPath.ToString());
        // Until this attempt (or a worker's retry of it) writes its first heartbeat, it waits in the queue behind other
        // jobs or for its retry's backoff: only its deadline ends that wait (a message lost with the broker, say).
        if (progress is null || progress.Attempt < input.Attempt)
        {
            return new JobInspection(JobHealth.Alive, $"attempt {input.Attempt} has not started yet", null);
        }

        var silence = input.Now - progress.UpdatedAt;
        if (silence <= input.StaleAfter)
        {
            return new JobInspection(JobHealth.Alive, $"attempt {progress.Attempt} last heard {silence.TotalSeconds:0} s ago", null);
        }

        // A failed attempt's heartbeat stops too, but then the worker has scheduled the next attempt after its backoff.
        return await HasRecordedFailureAsync(input, progress.Attempt, cancellationToken)
            ? new JobInspection(JobHealth.Alive, $"attempt {progress.Attempt} failed; its retry waits for its backoff", null)
            : new JobInspection(JobHealth.Lost, $"attempt {progress.Attempt} silent for {silence.TotalSeconds:0} s (stale after {input.StaleAfter.TotalSeconds:0} s)", null);
    }

    private async Task<bool> HasRecordedFailureAsync(JobInspectionRequest input, int attempt, CancellationToken cancellationToken)
    {
        var path = BlobLayout.JobAttempts(input.RunId, input.JobId);
        return await blobs.TryReadAsync(path, cancellationToken) is { } content
            && ContractJson.Deserialize<JobAttempts>(content.Data.Span, path.ToString()).Failures.Any(f => f.Attempt >= attempt);
    }
}
