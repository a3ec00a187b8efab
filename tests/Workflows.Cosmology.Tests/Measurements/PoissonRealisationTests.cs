using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;

namespace Workflows.Cosmology.Tests.Measurements;

public class PoissonRealisationTests
{
    [Fact]
    public void Draw_ZeroAndNegativeMeans_GiveNoGalaxies()
    {
        var mean = new VoxelGrid(new GridShape(1, 1, 4), [0, -0.5f, 0, 0]);

        Assert.Equal([0f, 0f, 0f, 0f], PoissonRealisation.Draw(mean, seed: 3).Data);
    }

    [Fact]
    public void Draw_SameSeed_SameCounts_OtherSeed_OtherCounts()
    {
        var mean = new VoxelGrid(new GridShape(16, 16, 16), Enumerable.Repeat(0.7f, 16 * 16 * 16).ToArray());

        Assert.Equal(PoissonRealisation.Draw(mean, 5).Data, PoissonRealisation.Draw(mean, 5).Data);
        Assert.NotEqual(PoissonRealisation.Draw(mean, 5).Data, PoissonRealisation.Draw(mean, 6).Data);
    }

    [Fact]
    public void Draw_MatchesPoissonMomentsOfTheMeanField()
    {
        // 64³ voxels at mean 0.3: the total is 78643 ± 280 (1σ) and the share of empty voxels e^−0.3 = 0.7408 ± 0.0008.
        var shape = new GridShape(64, 64, 64);
        var counts = PoissonRealisation.Draw(new VoxelGrid(shape, Enumerable.Repeat(0.3f, (int)shape.VoxelCount).ToArray()), seed: 11);

        Assert.Equal(0.3 * shape.VoxelCount, counts.Sum(), 1200.0);
        Assert.Equal(Math.Exp(-0.3), counts.Data.Count(c => c == 0) / (double)shape.VoxelCount, 0.004);
        Assert.All(counts.Data, c => Assert.Equal(Math.Round(c), c));
    }
}
