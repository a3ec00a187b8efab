using Workflows.Torch.Checkpoints;

namespace Workflows.Jobs.Runtime;

/// <summary>The engines' <see cref="ICheckpointStore"/> over a job's blob checkpoint, shared by every attempt of the job.</summary>
public sealed class JobCheckpointStore(JobContext context) : ICheckpointStore
{
    public async Task<Stream?> TryOpenLatestAsync(CancellationToken cancellationToken) =>
        await context.LoadCheckpointAsync(cancellationToken).ConfigureAwait(false) is { } checkpoint
            ? new MemoryStream(checkpoint.State.ToArray(), writable: false)
            : null;

    public async Task SaveAsync(int stepsCompleted, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        await context.SaveCheckpointAsync(stepsCompleted, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }
}
