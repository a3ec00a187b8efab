using System.Text;
using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Prediction;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Orchestration.Cosmology;
using static TorchSharp.torch;

namespace Workflows.IntegrationTests;

/// <summary>A synthetic universe as a dataset a user would drop, and what a test needs to check the run's stitched prediction.</summary>
internal sealed class GalaxyDataset
{
    /// <summary>Voxel size of every universe here: 1.5625 Mpc/h (a 32³ training box of 50 Mpc/h).</summary>
    private const double VoxelSize = 50.0 / 32;

    /// <summary>The file holding the training particle snapshot, when the dataset was created with one.</summary>
    public const string TrainingSnapshot = "snapshot-train.h5";

    private GalaxyDataset(SyntheticUniverse training, SyntheticUniverse target, Dictionary<string, byte[]> files, byte[] manifest)
    {
        Training = training;
        Target = target;
        Files = files;
        Manifest = manifest;
    }

    public SyntheticUniverse Training { get; }

    public SyntheticUniverse Target { get; }

    public Dictionary<string, byte[]> Files { get; }

    public byte[] Manifest { get; }

    /// <summary>A training pair of <paramref name="trainingSize"/>³ and a target of <paramref name="targetSize"/>³ with its truth, non-local rule unless told.</summary>
    /// <param name="trainingParticles">Give the training dark matter as an HDF5 particle snapshot (<see cref="TrainingSnapshot"/>) instead of a grid.</param>
    /// <param name="rule"><see cref="GalaxyRule.Hod"/> adds the halo catalogues of both boxes.</param>
    public static GalaxyDataset Create(string name, int trainingSize, int targetSize, string spec, bool trainingParticles = false, GalaxyRule rule = GalaxyRule.NonLocal)
    {
        var training = new UniverseSpec { GridSize = trainingSize, BoxSize = trainingSize * VoxelSize, Seed = 5, Rule = rule };
        var trainingUniverse = SyntheticUniverse.Generate(training);
        var target = SyntheticUniverse.Generate(training with { GridSize = targetSize, BoxSize = targetSize * VoxelSize, Seed = 6 });
        var files = new Dictionary<string, MemoryStream>();
        var written = CosmologyDatasetWriter.Write(trainingUniverse, target, path => files[path] = new MemoryStream(), trainingParticles);
        if (trainingParticles)
        {
            files.Remove(written.Files.Single(f => f.Role == FileRoles.DarkMatterTrain).Path);
        }

        string entries = string.Join(",\n", written.Files.Where(f => files.ContainsKey(f.Path)).Select(f => f.Dataset is null
            ? $$"""    { "path": "{{f.Path}}", "role": "{{f.Role}}", "format": "{{f.Format}}" }"""
            : $$"""    { "path": "{{f.Path}}", "role": "{{f.Role}}", "format": "{{f.Format}}", "dataset": "{{f.Dataset}}" }"""));
        string manifest = $$"""
            {
              "name": "{{name}}",
              "kind": "cosmology",
              "files": [
            {{entries}}
              ],
              "grid": { "boxSize": {{written.BoxSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "gridSize": {{trainingSize}}, "targetGridSize": {{targetSize}}, "periodic": true },
              "defaultRun": {{spec}}
            }
            """;
        return new GalaxyDataset(trainingUniverse, target, files.ToDictionary(f => f.Key, f => f.Value.ToArray()), Encoding.UTF8.GetBytes(manifest));
    }

    /// <summary>The training dark matter gridded in this process from the dataset's particle snapshot: NGP over the periodic training box.</summary>
    public VoxelGrid GridTrainingSnapshot(int trainingSize)
    {
        float[] xyz = Hdf5Files.ReadPositions(new MemoryStream(Files[TrainingSnapshot]), CosmologyDatasetWriter.ParticleSnapshotDataset, TrainingSnapshot);
        return ParticleGridding.Assign(xyz, trainingSize * VoxelSize, trainingSize, MassAssignment.NearestGridPoint);
    }

    /// <summary>The spec's tiling of the training box (as the train job tiles it) and its blocked split.</summary>
    public static (TilingSpec Tiling, RegionSplit Split) TrainingTiling(GalaxyPaintingSpec spec, int trainingSize)
    {
        var tiling = Tiling(spec) with { PadPartialTiles = false };
        return (tiling, RegionSplit.Blocked(new TileLattice(GridShape.Cube(trainingSize), tiling)));
    }

    /// <summary>The same checkpoint's prediction of the whole target in this process (tile by tile in reproduce mode, circular padding in halo mode).</summary>
    public VoxelGrid PredictWhole(byte[] model, GalaxyPaintingSpec spec, CascadeOutput output = CascadeOutput.Counts)
    {
        using var cascade = CascadeModel.Load(new MemoryStream(model), CPU);
        return VolumePrediction.PredictWhole(cascade, Target.DarkMatter, Tiling(spec), output);
    }

    private static TilingSpec Tiling(GalaxyPaintingSpec spec) =>
        new(spec.TileSize, spec.TilingMode == "reproduce" ? 0 : spec.Halo, Periodic: true, PadPartialTiles: spec.PadToLattice);
}

/// <summary>Reads a galaxy-painting run's outputs from the stack's storage.</summary>
internal static class GalaxyRunOutputs
{
    public static async Task<VoxelGrid> PredictionAsync(StackFixture fixture, string runId, CancellationToken cancellationToken) =>
        NpyGridReader.ReadAll(new MemoryStream(await RunBytesAsync(fixture, BlobLayout.Prediction(runId).Name, cancellationToken)), "prediction");

    /// <summary>A grid the prepare step wrote under <c>prepared/</c>.</summary>
    public static async Task<VoxelGrid> PreparedAsync(StackFixture fixture, string runId, string name, CancellationToken cancellationToken) =>
        NpyGridReader.ReadAll(new MemoryStream(await RunBytesAsync(fixture, BlobLayout.Prepared(runId, name).Name, cancellationToken)), name);

    /// <summary>The trained cascade: the train job's <see cref="CosmoArtifacts.Model"/> artifact.</summary>
    public static async Task<byte[]> ModelAsync(StackFixture fixture, string runId, CancellationToken cancellationToken)
    {
        var result = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(runId, CosmoJobIds.Train(runId)).Name, cancellationToken);
        return await RunBytesAsync(fixture, BlobPath.Parse(result.Artifacts[CosmoArtifacts.Model]).Name, cancellationToken);
    }

    private static async Task<byte[]> RunBytesAsync(StackFixture fixture, string name, CancellationToken cancellationToken)
    {
        var content = await fixture.Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToArray();
    }
}
