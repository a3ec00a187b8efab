namespace Workflows.Torch.Checkpoints;

/// <summary>Keeps the latest checkpoint in memory; for tests and for runs that need no crash safety.</summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private byte[]? _latest;

    /// <summary>How many checkpoints were saved.</summary>
    public int SaveCount { get; private set; }

    /// <summary>The bytes of the latest checkpoint, if any.</summary>
    public ReadOnlyMemory<byte>? Latest => _latest;

    /// <inheritdoc />
    public Task<Stream?> TryOpenLatestAsync(CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_latest is null ? null : new MemoryStream(_latest, writable: false));

    /// <inheritdoc />
    public async Task SaveAsync(int stepsCompleted, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        _latest = copy.ToArray();
        SaveCount++;
    }
}
