using System.Text.Json;
using System.Text.Json.Serialization;
using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Synthetic;

/// <summary>One file of a dataset and what it is for (roles: dm-train, galaxies-train, dm-target, galaxies-target-truth, halos-train, particles-train).</summary>
public sealed record DatasetFileEntry(string Path, string Role, string Format, string? Dataset = null);

/// <summary>The draft <c>dataset.json</c> of a cosmology dataset (plain JSON; the contracts' manifest can map it).</summary>
public sealed record CosmologyDatasetManifest(
    string Name,
    string Kind,
    IReadOnlyList<DatasetFileEntry> Files,
    double BoxSize,
    int GridSize,
    bool Periodic,
    IReadOnlyDictionary<string, string> Provenance)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>
/// Writes a ready-to-drop dataset: grids as .npy, the training universe's halo catalogue and particle snapshot
/// as HDF5 (when it has them), and <c>dataset.json</c> written last, as an uploader must.
/// </summary>
public static class CosmologyDatasetWriter
{
    public const string ManifestName = "dataset.json";

    public const string ParticleSnapshotDataset = "PartType1/Coordinates";

    public static CosmologyDatasetManifest Write(string name, SyntheticUniverse training, SyntheticUniverse? target,
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
        if (training.Halos is { } halos)
        {
            using var stream = createFile("halos-train.h5");
            HaloCatalogueFile.Write(stream, halos);
            files.Add(new DatasetFileEntry("halos-train.h5", "halos-train", "hdf5", HaloCatalogueFile.GroupName));
        }
        if (includeParticles)
        {
            var xyz = ParticleSampling.FromMeanCounts(training.DarkMatter, training.Spec.BoxSize, training.Spec.Seed + 17);
            using var stream = createFile("snapshot-train.h5");
            Hdf5Files.WritePositions(stream, ParticleSnapshotDataset, xyz);
            files.Add(new DatasetFileEntry("snapshot-train.h5", "particles-train", "hdf5", ParticleSnapshotDataset));
        }
        var manifest = new CosmologyDatasetManifest(name, "cosmology", files, training.Spec.BoxSize, training.Spec.GridSize, Periodic: true,
            new Dictionary<string, string>
            {
                ["generator"] = "Workflows.Cosmology.SyntheticUniverse",
                ["trainingSpec"] = JsonSerializer.Serialize(training.Spec),
                ["targetSpec"] = target is null ? "" : JsonSerializer.Serialize(target.Spec),
            });
        using (var stream = createFile(ManifestName)) JsonSerializer.Serialize(stream, manifest, CosmologyDatasetManifest.Json);
        return manifest;

        void WriteGrid(string path, string role, VoxelGrid grid)
        {
            using (var stream = createFile(path)) NpyGridWriter.Write(stream, grid);
            files.Add(new DatasetFileEntry(path, role, "npy"));
        }
    }

    /// <summary>Writes the dataset into a folder (created if missing).</summary>
    public static CosmologyDatasetManifest WriteFolder(string directory, string name, SyntheticUniverse training, SyntheticUniverse? target, bool includeParticles = false)
    {
        Directory.CreateDirectory(directory);
        return Write(name, training, target, file => File.Create(Path.Combine(directory, file)), includeParticles);
    }
}
