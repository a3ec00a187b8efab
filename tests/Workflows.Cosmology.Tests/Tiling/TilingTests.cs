using System.Text.Json;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Tiling;

namespace Workflows.Cosmology.Tests.Tiling;

public class TilingTests
{
    private static Dictionary<TileKey, byte[]> CutAll(VoxelGrid grid, TileLattice lattice, bool forwardOnly = true)
    {
        var blobs = new Dictionary<TileKey, MemoryStream>();
        Stream source = TestGrids.ToNpy(grid);
        using var reader = NpyGridReader.Open(forwardOnly ? new ForwardOnlyStream(source) : source, "volume.npy");
        int written = TileCutter.Cut(reader, lattice, key => blobs[key] = new MemoryStream());
        Assert.Equal(lattice.TileCount, written);
        return blobs.ToDictionary(b => b.Key, b => b.Value.ToArray());
    }

    private static VoxelGrid Crop(VoxelGrid cut, int halo, int tile) =>
        cut.Extract(VoxelRegion.Cube(Int3.Uniform(halo), tile), periodic: false);

    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 4)]
    [InlineData(false, 4)]
    [InlineData(true, 12)]
    public void Cut_OnePass_EachTileEqualsTheHaloedRegionOfTheVolume(bool periodic, int halo)
    {
        var grid = TestGrids.Random(new GridShape(24, 16, 8), seed: 1);
        var lattice = new TileLattice(grid.Shape, new TilingSpec(8, halo, periodic));
        var blobs = CutAll(grid, lattice);
        foreach (var key in lattice.Tiles)
        {
            var tile = NpyGridReader.ReadAll(new MemoryStream(blobs[key]), key.Name);
            Assert.Equal(grid.Extract(lattice.Cut(key), periodic).Data, tile.Data);
        }
    }

    [Theory]
    [InlineData(true, 4, 20)]
    [InlineData(false, 4, 20)]
    [InlineData(true, 0, 16)]
    [InlineData(false, 2, 13)]
    public void Stitch_OfCroppedTiles_ReproducesTheVolumeExactly(bool periodic, int halo, int size)
    {
        var grid = TestGrids.Random(GridShape.Cube(size), seed: 2);
        var lattice = new TileLattice(grid.Shape, new TilingSpec(8, halo, periodic, PadPartialTiles: true));
        var outputs = CutAll(grid, lattice).ToDictionary(
            b => b.Key,
            b => TestGrids.ToNpy(Crop(NpyGridReader.ReadAll(new MemoryStream(b.Value), "t"), halo, 8)).ToArray());

        var stitched = new MemoryStream();
        TileStitcher.Stitch(lattice, key => new MemoryStream(outputs[key]), stitched);
        stitched.Position = 0;
        Assert.Equal(grid.Data, NpyGridReader.ReadAll(stitched, "stitched.npy").Data);
    }

    [Fact]
    public void Stitch_WrongShapeTileOutput_IsRejectedNamingTheTile()
    {
        var lattice = new TileLattice(GridShape.Cube(16), new TilingSpec(8));
        var good = TestGrids.ToNpy(new VoxelGrid(GridShape.Cube(8))).ToArray();
        var bad = TestGrids.ToNpy(new VoxelGrid(GridShape.Cube(6))).ToArray();
        var corrupted = new TileKey(1, 0, 1);
        var error = Assert.Throws<TileOutputException>(() =>
            TileStitcher.Stitch(lattice, key => new MemoryStream(key == corrupted ? bad : good), new MemoryStream()));
        Assert.Equal(corrupted, error.Tile);
        Assert.Contains("6×6×6", error.Message);
        Assert.Throws<TileOutputException>(() => TileStitcher.Verify(corrupted, new MemoryStream(bad), 8));
        TileStitcher.Verify(corrupted, new MemoryStream(good), 8);
    }

    [Fact]
    public void Lattice_VolumeNotMultipleOfTile_IsAClearErrorUnlessPaddingIsAllowed()
    {
        var error = Assert.Throws<ArgumentException>(() => new TileLattice(GridShape.Cube(20), new TilingSpec(8)));
        Assert.Contains("not a multiple of the tile size 8", error.Message);
        Assert.Equal(Int3.Uniform(3), new TileLattice(GridShape.Cube(20), new TilingSpec(8, PadPartialTiles: true)).Counts);
    }

    [Fact]
    public void Spec_TileOrHaloOffThePoolingGrid_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new TilingSpec(12, 2).EnsureAligned(8));
        new TilingSpec(16, 8).EnsureAligned(8);
    }

    [Fact]
    public void Plan_GroupsEveryTileOnceIntoBoundedJobs_AndSerialises()
    {
        var lattice = new TileLattice(GridShape.Cube(32), new TilingSpec(8, 4));
        var plan = TilePlan.Create(lattice, maxTilesPerJob: 5);
        Assert.All(plan.Jobs, job => Assert.InRange(job.Tiles.Count, 1, 5));
        Assert.Equal(lattice.Tiles.ToHashSet(), plan.Jobs.SelectMany(j => j.Tiles).ToHashSet());
        Assert.Equal(64, plan.Jobs.Sum(j => j.Tiles.Count));
        Assert.Equal(13, plan.Jobs.Count);
        Assert.Equal([4, 4, 4, 1], plan.Waves(4).Select(w => w.Count));

        var json = JsonSerializer.Serialize(plan);
        var back = JsonSerializer.Deserialize<TilePlan>(json)!;
        Assert.Equal(plan.Lattice, back.Lattice);
        Assert.Equal(plan.Jobs.SelectMany(j => j.Tiles), back.Jobs.SelectMany(j => j.Tiles));
    }

    [Fact]
    public void Split_Blocked_IsDisjointCoversTheLatticeAndPutsTestInTheFarCorner()
    {
        var lattice = new TileLattice(GridShape.Cube(64), new TilingSpec(16));
        var split = RegionSplit.Blocked(lattice);
        Assert.Equal(8, split.Test.Count);
        Assert.All(split.Test, k => Assert.True(k.I >= 2 && k.J >= 2 && k.K >= 2));
        Assert.All(split.Validation, k => Assert.Equal(0, k.I));
        var all = split.Train.Concat(split.Validation).Concat(split.Test).ToList();
        Assert.Equal(lattice.TileCount, all.Count);
        Assert.Equal(lattice.TileCount, all.Distinct().Count());
    }
}
