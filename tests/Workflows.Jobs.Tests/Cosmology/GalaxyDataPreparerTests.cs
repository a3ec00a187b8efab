using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Synthetic;
using Workflows.Jobs.Cosmology;
using Workflows.Orchestration.Cosmology;
using Workflows.Testing;

namespace Workflows.Jobs.Tests.Cosmology;

public sealed class GalaxyDataPreparerTests
{
    private const string RunId = "prep-0123456789abcdef";
    private const string Manifest = "datasets/prep/dataset.json";

    private static readonly GalaxyPaintingSpec Spec = new() { TilingMode = "reproduce", TileSize = 8, ModelPreset = "halo-exact", TilesPerJob = 5 };

    [Fact]
    public async Task Prepare_GoodGrids_PlansTheTilesAndConvertsTheGrids()
    {
        var blobs = new InMemoryBlobStore();
        var manifest = Dataset(blobs, training: 16, target: 16);

        var preparation = await new GalaxyDataPreparer(blobs).PrepareAsync(RunId, manifest, Spec, CancellationToken.None);

        Assert.Empty(preparation.Errors);
        var plan = preparation.Plan!;
        Assert.Equal((8, 2, 0, false), (plan.Tiling.TileCount, plan.JobCount, plan.Tiling.Halo, plan.Tiling.Padded));
        Assert.Equal((5, 3), (plan.TilesOf(0).Count, plan.TilesOf(1).Count));
        Assert.Equal(BlobLayout.Prepared(RunId, "dm-target.npy").ToString(), plan.Target);
        var target = NpyGridReader.ReadAll(new MemoryStream(blobs.Read(BlobLayout.Prepared(RunId, "dm-target.npy"))), "target");
        Assert.Equal(Grid(16, seed: 3).Data, target.Data);
    }

    [Fact]
    public async Task Prepare_MismatchedShapesAndNaN_NamesEveryFile()
    {
        var blobs = new InMemoryBlobStore();
        var manifest = Dataset(blobs, training: 16, target: 16);
        var nan = Grid(16, seed: 3);
        nan[1, 2, 3] = float.NaN;
        blobs.Put(BlobLayout.DatasetFile("prep", "dm-target.npy"), NpyBytes.Of(nan));
        blobs.Put(BlobLayout.DatasetFile("prep", "galaxies-train.npy"), NpyBytes.Of(Grid(8, seed: 2)));

        var preparation = await new GalaxyDataPreparer(blobs).PrepareAsync(RunId, manifest, Spec, CancellationToken.None);

        Assert.Null(preparation.Plan);
        Assert.Equal(
        [
            "datasets/prep/galaxies-train.npy: shape 8×8×8 does not match input datasets/prep/dm-train.npy of shape 16×16×16",
            "datasets/prep/dm-target.npy: 1 NaN/Inf value(s), first at voxel (1, 2, 3)",
        ], preparation.Errors);
    }

    [Fact]
    public async Task Prepare_TargetOffTheTileLattice_PadsWhenTheSpecAllowsElseSaysWhichField()
    {
        var blobs = new InMemoryBlobStore();
        var manifest = Dataset(blobs, training: 16, target: 20);
        var preparer = new GalaxyDataPreparer(blobs);

        var padded = await preparer.PrepareAsync(RunId, manifest, Spec, CancellationToken.None);
        var refused = await preparer.PrepareAsync(RunId, manifest, Spec with { PadToLattice = false }, CancellationToken.None);

        Assert.Equal((20, 27, true), (padded.Plan!.Tiling.VolumeSize, padded.Plan.Tiling.TileCount, padded.Plan.Tiling.Padded));
        Assert.Null(refused.Plan);
        Assert.Equal(["spec: galaxyPainting.padToLattice: the target's 20 voxels per side are not a multiple of the tile size 8; allow padding or choose another tile size"],
            refused.Errors);
    }

    [Fact]
    public async Task Prepare_HaloNotAMultipleOfThePooling_AndGeometryDisagreeingWithTheManifest_AreNamed()
    {
        var blobs = new InMemoryBlobStore();
        var manifest = Dataset(blobs, training: 16, target: 16) with { Grid = new GridGeometry { BoxSize = 10, GridSize = 32, TargetGridSize = 16 } };

        var preparation = await new GalaxyDataPreparer(blobs).PrepareAsync(RunId, manifest, Spec with { TilingMode = "halo", Halo = 3 }, CancellationToken.None);

        Assert.Equal(
        [
            $"{Manifest}: grid.gridSize: 32 voxels per side, but datasets/prep/dm-train.npy is 16×16×16",
            "spec: galaxyPainting.halo: 3 is not a multiple of 2, the pooling of the 'halo-exact' model",
        ], preparation.Errors);
    }

    [Fact]
    public async Task Prepare_ParticleSnapshotsInsteadOfGrids_GridsThemByNearestGridPointWithPeriodicWrap()
    {
        var blobs = new InMemoryBlobStore();
        // Box 10 on 16³: cells of 0.625. The target (24³) has the same voxel size, so a box of 15.
        var manifest = SnapshotDataset(blobs,
            training: [0f, 0f, 0f, 10f, 10f, 10f, 0.7f, 1.3f, 9.99f, 5f, 5f, 5f, 3.1f, 0.1f, 6.2f, 3.1f, 0.1f, 6.2f],
            target: [14.9f, 15f, 0.3f]);

        var preparation = await new GalaxyDataPreparer(blobs).PrepareAsync(RunId, manifest, Spec, CancellationToken.None);

        Assert.Empty(preparation.Errors);
        Assert.Equal((16, 24, 27), (preparation.Plan!.TrainingGridSize, preparation.Plan.Tiling.VolumeSize, preparation.Plan.Tiling.TileCount));
        var expectedTraining = new VoxelGrid(GridShape.Cube(16));
        expectedTraining[0, 0, 0] = 2;
        expectedTraining[1, 2, 15] = 1;
        expectedTraining[8, 8, 8] = 1;
        expectedTraining[4, 0, 9] = 2;
        Assert.Equal(expectedTraining.Data, Prepared(blobs, "dm-train.npy").Data);
        var expectedTarget = new VoxelGrid(GridShape.Cube(24));
        expectedTarget[23, 0, 0] = 1;
        Assert.Equal(expectedTarget.Data, Prepared(blobs, "dm-target.npy").Data);
    }

    [Fact]
    public async Task Prepare_BadParticleSnapshots_NameTheFieldOrFile()
    {
        var blobs = new InMemoryBlobStore();
        var good = SnapshotDataset(blobs, training: [1f, 1f, 1f], target: [1f, 1f, 1f]);
        var preparer = new GalaxyDataPreparer(blobs);
        async Task<string> ErrorOf(DatasetManifest manifest) =>
            Assert.Single((await preparer.PrepareAsync(RunId, manifest, Spec, CancellationToken.None)).Errors);

        string noDatasetPath = await ErrorOf(good with { Files = [.. good.Files.Select(f => f with { Dataset = null })] });
        string noTargetSize = await ErrorOf(good with { Grid = good.Grid! with { TargetGridSize = null } });
        blobs.Put(BlobLayout.DatasetFile("prep", "snapshot-train.h5"), Positions([1f, 2f, 10.5f]));
        string outside = await ErrorOf(good);
        var notPositions = new MemoryStream();
        Hdf5Files.WriteGrid(notPositions, "PartType1/Coordinates", new VoxelGrid(GridShape.Cube(2)));
        blobs.Put(BlobLayout.DatasetFile("prep", "snapshot-train.h5"), notPositions.ToArray());
        string wrongShape = await ErrorOf(good);

        Assert.Equal($"{Manifest}: files[0].dataset: the 'particles' snapshot datasets/prep/snapshot-train.h5 needs the HDF5 dataset of its (n, 3) positions, e.g. PartType1/Coordinates", noDatasetPath);
        Assert.Equal($"{Manifest}: grid.targetGridSize: needed to grid the 'particles-target' snapshot datasets/prep/snapshot-target.h5", noTargetSize);
        Assert.Equal("datasets/prep/snapshot-train.h5:PartType1/Coordinates: particle 0 at (1, 2, 10.5) lies outside the box [0, 10]", outside);
        Assert.Equal("datasets/prep/snapshot-train.h5:PartType1/Coordinates: expected positions of shape (n, 3), found (2, 2, 2)", wrongShape);
    }

    /// <summary>Training box 10 on 16³, target 24³ at the same voxel size: a box of 15. A halo on the far face (x = L) wraps, so it is inside.</summary>
    [Fact]
    public async Task Prepare_HaloCatalogues_AreValidatedAgainstTheirOwnBoxes_AndCopiedForTheHodBaseline()
    {
        var blobs = new InMemoryBlobStore();
        byte[] training = Halos([10f, 1f, 1f], [1e12]), target = Halos([14.5f, 15f, 0f], [2e12]);
        var manifest = WithHalos(blobs, Dataset(blobs, training: 16, target: 24), training, target);

        var preparation = await new GalaxyDataPreparer(blobs).PrepareAsync(RunId, manifest, Spec, CancellationToken.None);

        Assert.Empty(preparation.Errors);
        var (trainingCopy, targetCopy) = (BlobLayout.Prepared(RunId, "halos-train.h5"), BlobLayout.Prepared(RunId, "halos-target.h5"));
        Assert.Equal((trainingCopy.ToString(), targetCopy.ToString()), (preparation.Plan!.HalosTrain, preparation.Plan.HalosTarget));
        Assert.Equal(training, blobs.Read(trainingCopy));
        Assert.Equal(target, blobs.Read(targetCopy));
    }

    [Fact]
    public async Task Prepare_BadHaloCatalogues_NameTheFileDatasetAndRow()
    {
        var blobs = new InMemoryBlobStore();
        var manifest = WithHalos(blobs, Dataset(blobs, training: 16, target: 24), Halos([1f, 1f, 1f, 2f, 2f, 2f], [1e12, -5e11]), Halos([12f, 15.5f, 1f], [double.NaN]));

        var preparation = await new GalaxyDataPreparer(blobs).PrepareAsync(RunId, manifest, Spec, CancellationToken.None);

        Assert.Null(preparation.Plan);
        Assert.Equal(
        [
            "datasets/prep/halos-train.h5:Group/Group_M_Crit200[row 1]: mass -500000000000 is negative",
            "datasets/prep/halos-target.h5:Group/GroupPos[row 0]: position (12, 15.5, 1) lies outside the box [0, 15]",
            "datasets/prep/halos-target.h5:Group/Group_M_Crit200[row 0]: mass NaN is not finite",
        ], preparation.Errors);
        Assert.DoesNotContain(blobs.Paths, p => p.Name.EndsWith(".h5", StringComparison.Ordinal) && p.Name.Contains("/prepared/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prepare_AHaloCatalogueWithoutItsPartner_IsAnError()
    {
        var blobs = new InMemoryBlobStore();
        var both = WithHalos(blobs, Dataset(blobs, training: 16, target: 16), Halos([1f, 1f, 1f], [1e12]), Halos([1f, 1f, 1f], [1e12]));
        var preparer = new GalaxyDataPreparer(blobs);
        async Task<string> ErrorOf(DatasetManifest manifest) =>
            Assert.Single((await preparer.PrepareAsync(RunId, manifest, Spec, CancellationToken.None)).Errors);

        string noTargetHalos = await ErrorOf(both with { Files = [.. both.Files.Where(f => f.Role != FileRoles.HalosTarget)] });
        string noTrainingHalos = await ErrorOf(both with { Files = [.. both.Files.Where(f => f.Role != FileRoles.Halos)] });
        string noTarget = await ErrorOf(both with { Files = [.. both.Files.Where(f => f.Role != FileRoles.DarkMatterTarget)] });

        Assert.Equal($"{Manifest}: files: a 'halos' catalogue needs a 'halos-target' catalogue of the target volume for the HOD baseline to populate", noTargetHalos);
        Assert.Equal($"{Manifest}: files: a 'halos-target' catalogue needs a 'halos' catalogue of the training box to fit the HOD baseline on", noTrainingHalos);
        Assert.Equal($"{Manifest}: files: a 'halos-target' catalogue needs a target volume ('dm-target' or 'particles-target')", noTarget);
    }

    private static byte[] Halos(float[] positions, double[] mass)
    {
        using var stream = new MemoryStream();
        HaloCatalogueFile.Write(stream, new HaloCatalogue(positions, mass, [.. mass.Select(_ => 0.5)]));
        return stream.ToArray();
    }

    private static DatasetManifest WithHalos(InMemoryBlobStore blobs, DatasetManifest manifest, byte[] training, byte[] target)
    {
        blobs.Put(BlobLayout.DatasetFile("prep", "halos-train.h5"), training);
        blobs.Put(BlobLayout.DatasetFile("prep", "halos-target.h5"), target);
        return manifest with
        {
            Files =
            [
                .. manifest.Files,
                new DatasetFile { Path = "halos-train.h5", Role = FileRoles.Halos, Format = "hdf5" },
                new DatasetFile { Path = "halos-target.h5", Role = FileRoles.HalosTarget, Format = "hdf5" },
            ],
        };
    }

    private static DatasetManifest SnapshotDataset(InMemoryBlobStore blobs, float[] training, float[] target)
    {
        blobs.Put(BlobLayout.DatasetFile("prep", "snapshot-train.h5"), Positions(training));
        blobs.Put(BlobLayout.DatasetFile("prep", "galaxies-train.npy"), NpyBytes.Of(Grid(16, seed: 2)));
        blobs.Put(BlobLayout.DatasetFile("prep", "snapshot-target.h5"), Positions(target));
        return new DatasetManifest
        {
            Name = "prep",
            Kind = DatasetKind.Cosmology,
            Files =
            [
                new DatasetFile { Path = "snapshot-train.h5", Role = FileRoles.Particles, Format = "hdf5", Dataset = "PartType1/Coordinates" },
                new DatasetFile { Path = "galaxies-train.npy", Role = FileRoles.GalaxiesTrain },
                new DatasetFile { Path = "snapshot-target.h5", Role = FileRoles.ParticlesTarget, Format = "hdf5", Dataset = "PartType1/Coordinates" },
            ],
            Grid = new GridGeometry { BoxSize = 10, GridSize = 16, TargetGridSize = 24 },
        };
    }

    private static byte[] Positions(float[] xyz)
    {
        using var stream = new MemoryStream();
        Hdf5Files.WritePositions(stream, "PartType1/Coordinates", xyz);
        return stream.ToArray();
    }

    private static VoxelGrid Prepared(InMemoryBlobStore blobs, string name) =>
        NpyGridReader.ReadAll(new MemoryStream(blobs.Read(BlobLayout.Prepared(RunId, name))), name);

    private static DatasetManifest Dataset(InMemoryBlobStore blobs, int training, int target)
    {
        blobs.Put(BlobLayout.DatasetFile("prep", "dm-train.npy"), NpyBytes.Of(Grid(training, seed: 1)));
        blobs.Put(BlobLayout.DatasetFile("prep", "galaxies-train.npy"), NpyBytes.Of(Grid(training, seed: 2)));
        blobs.Put(BlobLayout.DatasetFile("prep", "dm-target.npy"), NpyBytes.Of(Grid(target, seed: 3)));
        return new DatasetManifest
        {
            Name = "prep",
            Kind = DatasetKind.Cosmology,
            Files =
            [
                new DatasetFile { Path = "dm-train.npy", Role = FileRoles.DarkMatterTrain },
                new DatasetFile { Path = "galaxies-train.npy", Role = FileRoles.GalaxiesTrain },
                new DatasetFile { Path = "dm-target.npy", Role = FileRoles.DarkMatterTarget },
            ],
            Grid = new GridGeometry { BoxSize = 10, GridSize = training, TargetGridSize = target },
        };
    }

    private static VoxelGrid Grid(int size, int seed)
    {
        var random = new Random(seed);
        var grid = new VoxelGrid(GridShape.Cube(size));
        for (int i = 0; i < grid.Data.Length; i++)
        {
            grid.Data[i] = random.Next(4);
        }

        return grid;
    }
}
