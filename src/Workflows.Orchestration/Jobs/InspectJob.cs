using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Jobs;

/// <summary>
/// Decides what a late outcome means: the job finished but its outcome was lost, the run was cancelled, the attempt is
/// still alive (fresh heartbeat), or it is lost (stale or missing heartbeat, or past its deadline) and must be re-dispatched.
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
        // A heartbeat of an older attempt says nothing about this one: measure staleness from this attempt's dispatch.
        var lastSign = progress is not null && progress.Attempt >= input.Attempt && progress.UpdatedAt > input.DispatchedAt
            ? progress.UpdatedAt
            : input.DispatchedAt;
        var silence = input.Now - lastSign;
        return silence > input.StaleAfter
            ? new JobInspection(JobHealth.Lost, $"attempt {input.Attempt} silent for {silence.TotalSeconds:0} s (stale after {input.StaleAfter.TotalSeconds:0} s)", null)
            : new JobInspection(JobHealth.Alive, $"attempt {input.Attempt} last heard {silence.TotalSeconds:0} s ago", null);
    }
}
