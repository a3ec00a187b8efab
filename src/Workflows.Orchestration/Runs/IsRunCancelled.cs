using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Runs;

/// <summary>Whether the run's cancel marker exists; checked by searches before dispatching more work.</summary>
public sealed class IsRunCancelled(IBlobStore blobs) : TaskActivity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string runId) =>
        await blobs.GetVersionAsync(BlobLayout.CancelMarker(runId), CancellationToken.None) is not null;
}
