using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tests.Grids;

public class ParticleGriddingTests
{
    private const double Box = 10;

    [Theory]
    [InlineData(MassAssignment.NearestGridPoint)]
    [InlineData(MassAssignment.CloudInCell)]
    public void Assign_PositionsAtBoxEdgeAndSlightlyNegative_WrapAndConserveMass(MassAssignment scheme)
    {
        float[] xyz = [10f, 10f, 10f, -1e-5f, 5f, 0f, 9.99f, -0.001f, 10f];
        var grid = ParticleGridding.Assign(xyz, Box, 4, scheme);
        Assert.Equal(3.0, grid.Sum(), 5);
        if (scheme == MassAssignment.NearestGridPoint)
        {
            Assert.Equal(1f, grid[0, 0, 0]);
            Assert.Equal(1f, grid[3, 2, 0]);
            Assert.Equal(1f, grid[3, 3, 0]);
        }
    }

    [Fact]
    public void Assign_CloudInCell_SplitsBetweenNeighbouringCentres()
    {
        // Cell size 2.5: x = 2.5 sits midway between the centres of cells 0 (1.25) and 1 (3.75).
        var grid = ParticleGridding.Assign([2.5f, 1.25f, 1.25f], Box, 4, MassAssignment.CloudInCell);
        Assert.Equal(0.5f, grid[0, 0, 0], 5);
        Assert.Equal(0.5f, grid[1, 0, 0], 5);
    }
}
