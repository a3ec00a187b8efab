namespace Workflows.Torch.Checkpoints;

/// <summary>
/// Where a long computation keeps its latest resumable state. Implementations decide the medium (a blob with an
/// ETag condition, a file, memory); callers only see streams.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Opens the latest saved checkpoint for reading, or returns <see langword="null"/> when none exists.</summary>
    Task<Stream?> TryOpenLatestAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the latest checkpoint with <paramref name="content"/> (read from its current position to the end), the
    /// state after <paramref name="stepsCompleted"/> steps (epochs). A store shared by concurrent writers may keep the
    /// one that covers more steps.
    /// </summary>
    Task SaveAsync(int stepsCompleted, Stream content, CancellationToken cancellationToken);
}
