using Workflows.Recsys.Data;
using Workflows.Recsys.Models;

namespace Workflows.Recsys.Tests;

public class NormalizedAdjacencyTests
{
    [Fact]
    public void Build_DegreeZeroItem_HandComputedWeightsAndEmptyRow()
    {
        // user 0: items 0, 1; user 1: item 1; user 2: nothing; item 2: nothing.
        var train = InteractionMatrix.FromPairs(3, 3, [0, 0, 1], [0, 1, 1]);

        var adjacency = NormalizedAdjacency.Build(train);

        var dense = Densify(adjacency);
        Assert.Equal(6, adjacency.Rows);
        Assert.Equal(6, adjacency.NonZeros);
        Assert.Equal(1 / Math.Sqrt(2 * 1), dense[0, 3], 6);
        Assert.Equal(1 / Math.Sqrt(2 * 2), dense[0, 4], 6);
        Assert.Equal(1 / Math.Sqrt(1 * 2), dense[1, 4], 6);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(0, dense[i, i]);
            Assert.Equal(0, dense[2, i]);
            Assert.Equal(0, dense[5, i]);
            for (var j = 0; j < 6; j++)
            {
                Assert.Equal(dense[i, j], dense[j, i]);
            }
        }
    }

    [Fact]
    public void Build_TestEdges_NeverEnterTheGraph()
    {
        var dataset = TestData.Synthetic();

        var adjacency = NormalizedAdjacency.Build(dataset.Train);

        Assert.Equal(2 * dataset.Train.Count, adjacency.NonZeros);
        for (var user = 0; user < dataset.UserCount; user++)
        {
            var neighbours = adjacency.ColumnIndices[adjacency.RowOffsets[user]..adjacency.RowOffsets[user + 1]];
            foreach (var item in dataset.Test.ItemsOf(user))
            {
                Assert.DoesNotContain(dataset.UserCount + item, neighbours);
            }
        }
    }

    private static double[,] Densify(CsrMatrix matrix)
    {
        var dense = new double[matrix.Rows, matrix.Columns];
        for (var row = 0; row < matrix.Rows; row++)
        {
            for (var k = matrix.RowOffsets[row]; k < matrix.RowOffsets[row + 1]; k++)
            {
                dense[row, matrix.ColumnIndices[k]] = matrix.Values[k];
            }
        }

        return dense;
    }
}
