using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Synthetic;

/// <summary>One file of a dataset and what it is for (roles: dm-train, galaxies-train, dm-target, galaxies-target-truth, halos, halos-target, particles).</summary>
public sealed record DatasetFileEntry(string Path, string Role, string Format, string? Dataset = null);

/// <summary>What <see cref="CosmologyDatasetWriter"/> wrote: the files in writing order and the training box's geometry.</summary>
/// <param name="TargetGridSize">Voxels per side of the target volume; null when no target was written.</param>
public sealed record CosmologyDatasetFiles(IReadOnlyList<DatasetFileEntry> Files, double BoxSize, int GridSize, int? TargetGridSize, bool Periodic);

/// <summary>
/// Writes a dataset's files: grids as .npy, the halo catalogues of the training and target universes and the training
/// particle snapshot as HDF5 (when they have them). The caller describes them in a manifest, written last as an uploader must.
/// </summary>
public static class CosmologyDatasetWriter
{
    public const string ParticleSnapshotDataset = "PartType1/Coordinates";

    public static CosmologyDatasetFiles Write(SyntheticUniverse training, SyntheticUniverse? target,
        Func<string, Stream> createFile, bool includeParticles = false)
    {
        if (target is not null && target.Spec.BoxSize / target.Spec.GridSize != training.Spec.BoxSize / training.Spec.GridSize)
            throw new ArgumentException("Training and target universes must share the voxel size.", nameof(target));
        var files = new List<DatasetFileEntry>();
        WriteGrid("dm-train.npy", "dm-train", training.DarkMatter);
        WriteGrid("galaxies-train.npy", "galaxies-train", training.Galaxies);
        if (target is not null)
        {
            WriteGrid("dm-target.npy", "dm-target", target.DarkMatter);
            WriteGrid("galaxies-target-truth.npy", "galaxies-target-truth", target.Galaxies);
        }
        WriteHalos("halos-train.h5", "halos", training.Halos);
        WriteHalos("halos-target.h5", "halos-target", target?.Halos);
        if (includeParticles)
        {
            var xyz = ParticleSampling.FromMeanCounts(training.DarkMatter, training.Spec.BoxSize, training.Spec.Seed + 17);
            using var stream = createFile("snapshot-train.h5");
            Hdf5Files.WritePositions(stream, ParticleSnapshotDataset, xyz);
            files.Add(new DatasetFileEntry("snapshot-train.h5", "particles", "hdf5", ParticleSnapshotDataset));
        }
        return new CosmologyDatasetFiles(files, training.Spec.BoxSize, training.Spec.GridSize, target?.Spec.GridSize, Periodic: true);

        void WriteGrid(string path, string role, VoxelGrid grid)
        {
            using (var stream = createFile(path)) NpyGridWriter.Write(stream, grid);
            files.Add(new DatasetFileEntry(path, role, "npy"));
        }

        void WriteHalos(string path, string role, HaloCatalogue? halos)
        {
            if (halos is null)
            {
                return;
            }

            using (var stream = createFile(path)) HaloCatalogueFile.Write(stream, halos);
            files.Add(new DatasetFileEntry(path, role, "hdf5", HaloCatalogueFile.GroupName));
        }
    }

    /// <summary>Writes the dataset's files into a folder (created if missing).</summary>
    public static CosmologyDatasetFiles WriteFolder(string directory, SyntheticUniverse training, SyntheticUniverse? target, bool includeParticles = false)
    {
        Directory.CreateDirectory(directory);
        return Write(training, target, file => File.Create(Path.Combine(directory, file)), includeParticles);
    }
}
