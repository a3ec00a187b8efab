using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// A grid blob downloaded to a scratch file (seekable, so any region can be read without holding the grid) and opened as
/// .npy or HDF5 by its manifest format or extension. Disposing deletes the scratch file.
/// </summary>
public sealed class GridBlob : IDisposable
{
    private readonly string scratch;

    private GridBlob(string scratch, IGridReader reader)
    {
        this.scratch = scratch;
        Reader = reader;
    }

    public IGridReader Reader { get; }

    /// <param name="hdf5Dataset">The dataset inside an HDF5 file; null for .npy.</param>
    public static async Task<GridBlob> OpenAsync(IBlobStore blobs, BlobPath path, string? hdf5Dataset, CancellationToken cancellationToken)
    {
        string scratch = Path.Combine(Path.GetTempPath(), $"workflows-grid-{Guid.NewGuid():N}");
        try
        {
            await using (var source = await blobs.OpenReadAsync(path, cancellationToken).ConfigureAwait(false))
            await using (var target = File.Create(scratch))
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            var stream = File.OpenRead(scratch);
            try
            {
                IGridReader reader = hdf5Dataset is null
                    ? NpyGridReader.Open(stream, path.ToString())
                    : Hdf5GridReader.Open(stream, hdf5Dataset, path.ToString());
                return new GridBlob(scratch, reader);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            File.Delete(scratch);
            throw;
        }
    }

    /// <summary>Opens a manifest file: HDF5 when its format says so or its name ends in .h5/.hdf5, else .npy.</summary>
    public static Task<GridBlob> OpenAsync(IBlobStore blobs, string dataset, DatasetFile file, CancellationToken cancellationToken)
    {
        bool hdf5 = file.Format == "hdf5" || file.Path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || file.Path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase);
        return OpenAsync(blobs, BlobLayout.DatasetFile(dataset, file.Path), hdf5 ? file.Dataset ?? "grid" : null, cancellationToken);
    }

    /// <summary>Reads a whole (small) grid blob into memory.</summary>
    public static async Task<VoxelGrid> ReadAllAsync(IBlobStore blobs, BlobPath path, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return NpyGridReader.ReadAll(buffer, path.ToString());
    }

    public void Dispose()
    {
        Reader.Dispose();
        File.Delete(scratch);
    }
}
