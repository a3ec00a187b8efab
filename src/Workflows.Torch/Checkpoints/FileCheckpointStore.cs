namespace Workflows.Torch.Checkpoints;

/// <summary>
/// Keeps the latest checkpoint in one file, replaced atomically (write to a temporary sibling, then rename), so a
/// crash mid-write leaves the previous checkpoint intact.
/// </summary>
public sealed class FileCheckpointStore : ICheckpointStore
{
    private readonly string _path;

    /// <summary>Stores the checkpoint at <paramref name="path"/>; its directory is created on first save.</summary>
    public FileCheckpointStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
    }

    /// <summary>The checkpoint file's full path.</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    public Task<Stream?> TryOpenLatestAsync(CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(File.Exists(_path) ? File.OpenRead(_path) : null);

    /// <inheritdoc />
    public async Task SaveAsync(int stepsCompleted, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }
}
