using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Recsys.Data;

namespace Workflows.Jobs.Recsys;

/// <summary>
/// Keeps the prepared dataset of the latest run a worker served, so consecutive rounds of one run download and parse it
/// once. Keyed by blob path and ETag: a prepared dataset rewritten under the same path is read again.
/// </summary>
public sealed class PreparedDatasetCache(IBlobStore blobs) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Key, PreparedDataset Dataset)? latest;

    public async Task<PreparedDataset> GetAsync(BlobPath path, CancellationToken cancellationToken)
    {
        var version = await blobs.GetVersionAsync(path, cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(path);
        string key = $"{path}@{version.ETag}";
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (latest is { } cached && cached.Key == key)
            {
                return cached.Dataset;
            }

            await using var stream = await blobs.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream(checked((int)version.Length));
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            var dataset = PreparedDatasetFormat.Read(buffer, path.ToString());
            latest = (key, dataset);
            return dataset;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
