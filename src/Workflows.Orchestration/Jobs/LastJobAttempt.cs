using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Jobs;

/// <summary>
/// The highest attempt number a job has used, from its blobs: the attempt folders (artifacts and failure logs) and the
/// last heartbeat; 0 when no attempt left a trace. A retried run starts the job's next attempts after it.
/// </summary>
public sealed class LastJobAttempt(IBlobStore blobs) : TaskActivity<JobResultRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, JobResultRequest input)
    {
        var cancellationToken = CancellationToken.None;
        int last = 0;
        await foreach (var blob in blobs.ListAsync(BlobLayout.RunsContainer, BlobLayout.AttemptsPrefix(input.RunId, input.JobId), cancellationToken))
        {
            last = Math.Max(last, BlobLayout.AttemptOf(input.RunId, input.JobId, blob.Path.Name) ?? 0);
        }

        var progressPath = BlobLayout.JobProgress(input.RunId, input.JobId);
        if (await blobs.TryReadAsync(progressPath, cancellationToken) is { } content)
        {
            last = Math.Max(last, ContractJson.Deserialize<JobProgress>(content.Data.Span, progressPath.ToString()).Attempt);
        }

        return last;
    }
}
