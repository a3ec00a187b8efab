using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// A dataset's HDF5 particle snapshot (an (n, 3) position dataset, as simulation codes write them) gridded by nearest grid
/// point over a periodic box, as the studies grid their input; problems name the manifest field or the file.
/// </summary>
public static class ParticleSnapshotBlob
{
    /// <param name="boxSize">Side of the snapshot's box, in the units of its positions.</param>
    public static async Task<VoxelGrid> GridAsync(IBlobStore blobs, DatasetManifest manifest, DatasetFile file, double boxSize, int gridSize, CancellationToken cancellationToken)
    {
        var path = BlobLayout.DatasetFile(manifest.Name, file.Path);
        if (string.IsNullOrWhiteSpace(file.Dataset))
        {
            throw new GridFormatException(BlobLayout.Manifest(manifest.Name).ToString(),
                $"files[{manifest.Files.ToList().IndexOf(file)}].dataset: the '{file.Role}' snapshot {path} needs the HDF5 dataset of its (n, 3) positions, e.g. PartType1/Coordinates");
        }

        using var buffer = new MemoryStream();
        await using (var source = await blobs.OpenReadAsync(path, cancellationToken).ConfigureAwait(false))
        {
            await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        buffer.Position = 0;
        float[] xyz = Hdf5Files.ReadPositions(buffer, file.Dataset, path.ToString());
        return ParticleGridding.AssignSnapshot(xyz, boxSize, gridSize, $"{path}:{file.Dataset}");
    }
}
