using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;

namespace Workflows.Cosmology.Tests.Measurements;

public class BorderDiscrepancyTests
{
    [Fact]
    public void Measure_IdenticalPredictions_HaveNoDiscrepancy()
    {
        var whole = new VoxelGrid(GridShape.Cube(8), Enumerable.Range(0, 512).Select(i => i % 3 * 0.5f).ToArray());

        var discrepancy = BorderDiscrepancy.Measure(new VoxelGrid(whole.Shape, (float[])whole.Data.Clone()), whole, tileSize: 4);

        Assert.Equal(0, discrepancy.MaxAbsolute);
        Assert.Equal(0, discrepancy.RelativeRms);
        Assert.Equal(0, discrepancy.OccupancyDisagreement);
        Assert.Equal([0.0, 0.0], discrepancy.RmsByFaceDistance);
    }

    [Fact]
    public void Measure_HandPlacedErrors_LandInTheirFaceDistanceBins()
    {
        // 8³ volume of 4³ tiles: a voxel is 1 from the nearest face only if every coordinate is 1 or 2 mod 4, which
        // 2³ voxels per tile × 8 tiles = 64 voxels are; the other 448 touch a face.
        var whole = new VoxelGrid(GridShape.Cube(8), Enumerable.Repeat(1f, 512).ToArray());
        var stitched = new VoxelGrid(whole.Shape, (float[])whole.Data.Clone());
        stitched[0, 0, 0] = 3;   // face, +2
        stitched[1, 2, 5] = 0;   // interior, −1, and now empty
        stitched[3, 6, 4] = 1.5f; // face, +0.5

        var discrepancy = BorderDiscrepancy.Measure(stitched, whole, tileSize: 4);

        Assert.Equal(2, discrepancy.MaxAbsolute, 12);
        Assert.Equal(Math.Sqrt((4 + 1 + 0.25) / 512.0), discrepancy.RelativeRms, 12);
        Assert.Equal(1 / 512.0, discrepancy.OccupancyDisagreement, 12);
        Assert.Equal(Math.Sqrt((4 + 0.25) / 448.0), discrepancy.RmsByFaceDistance[0], 12);
        Assert.Equal(Math.Sqrt(1 / 64.0), discrepancy.RmsByFaceDistance[1], 12);
    }

    [Fact]
    public void Measure_DifferentShapes_IsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            BorderDiscrepancy.Measure(new VoxelGrid(GridShape.Cube(4)), new VoxelGrid(GridShape.Cube(8)), tileSize: 4));

        Assert.Contains("4×4×4", error.Message);
    }
}
