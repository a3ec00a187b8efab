using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Jobs;

/// <summary>Reads a job's <c>result.json</c>; null when the job has not finished. Lets a retried run reuse finished jobs.</summary>
public sealed class ReadJobResult(IBlobStore blobs) : TaskActivity<JobResultRequest, JobResultSummary?>
{
    public override Task<JobResultSummary?> RunAsync(TaskActivityContext context, JobResultRequest input) =>
        ReadAsync(blobs, input.RunId, input.JobId, CancellationToken.None);

    internal static async Task<JobResultSummary?> ReadAsync(IBlobStore blobs, string runId, string jobId, CancellationToken cancellationToken)
    {
        var path = BlobLayout.JobResult(runId, jobId);
        var content = await blobs.TryReadAsync(path, cancellationToken);
        return content is null ? null : JobResultSummary.From(ContractJson.Deserialize<JobResult>(content.Data.Span, path.ToString()), path);
    }
}
