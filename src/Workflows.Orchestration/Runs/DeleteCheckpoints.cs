using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Runs;

/// <summary>Deletes a run's training checkpoints (<c>runs/{runId}/checkpoints/</c>); returns how many blobs went.</summary>
public sealed class DeleteCheckpoints(IBlobStore blobs) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string runId) =>
        blobs.DeletePrefixAsync(BlobLayout.RunsContainer, BlobLayout.CheckpointPrefix(runId), CancellationToken.None);
}
