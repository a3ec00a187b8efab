using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tests.Grids;

public class GridValidatorTests
{
    private static NpyGridReader Open(VoxelGrid grid, string name) => NpyGridReader.Open(TestGrids.ToNpy(grid), name);

    [Fact]
    public void Validate_NaNAndInf_NamesFileCountAndFirstVoxel()
    {
        var grid = TestGrids.Random(GridShape.Cube(4), seed: 4);
        grid[1, 2, 3] = float.NaN;
        grid[3, 0, 0] = float.PositiveInfinity;
        using var reader = Open(grid, "dm-train.npy");
        var problems = GridValidator.Validate(reader, new GridRequirements());
        Assert.Equal(["dm-train.npy: 2 NaN/Inf value(s), first at voxel (1, 2, 3)"], problems);
    }

    [Fact]
    public void ValidatePair_ShapeMismatch_NamesBothFiles()
    {
        using var input = Open(TestGrids.Random(GridShape.Cube(4), 5), "dm.npy");
        using var target = Open(TestGrids.Random(GridShape.Cube(6), 6), "galaxies.npy");
        var problems = GridValidator.ValidatePair(input, target, new GridRequirements());
        Assert.Equal(["galaxies.npy: shape 6×6×6 does not match input dm.npy of shape 4×4×4"], problems);
    }

    [Fact]
    public void Validate_NonCubicWhereCubicRequired_AndNegativeCounts_AreReported()
    {
        var grid = TestGrids.Random(new GridShape(4, 4, 6), 7);
        grid[0, 0, 1] = -1;
        using var reader = Open(grid, "gal.npy");
        var problems = GridValidator.Validate(reader, new GridRequirements());
        Assert.Equal(["gal.npy: grid must be cubic, found 4×4×6", "gal.npy: 1 negative value(s), first at voxel (0, 0, 1)"], problems);
        var error = Assert.Throws<GridValidationException>(() => GridValidator.ThrowIfAny(problems));
        Assert.Contains("gal.npy: grid must be cubic", error.Message);
    }

    [Fact]
    public void Validate_GoodGrid_HasNoProblems()
    {
        using var reader = Open(TestGrids.Random(GridShape.Cube(4), 8), "ok.npy");
        Assert.Empty(GridValidator.Validate(reader, new GridRequirements()));
    }
}
