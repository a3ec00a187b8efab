using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Spectra;

namespace Workflows.Cosmology.Tests.Measurements;

public class DrawnSpectrumScoreTests
{
    private const double BoxSize = 100;

    /// <summary>A field whose δ is scaled by c has P = c²·P_truth in every shell: its relative error is |c² − 1| everywhere.</summary>
    [Fact]
    public void Measure_DrawsWithKnownPowerRatios_GiveTheMeanAndSampleSpreadOfTheirErrors_OverConsecutiveSeeds()
    {
        var truth = Field();
        var seeds = new List<int>();
        VoxelGrid Draw(int seed)
        {
            seeds.Add(seed);
            return Scaled(truth, Math.Sqrt(1 + (0.5 * (seed - 3))));
        }

        var score = DrawnSpectrumScore.Measure(Draw, firstSeed: 4, draws: 3, grid => PowerSpectrum.Measure(grid, BoxSize), PowerSpectrum.Measure(truth, BoxSize));

        Assert.Equal([4, 5, 6], seeds);
        Assert.Equal((3, 4), (score.Draws, score.FirstSeed));
        Assert.Equal(1.0, score.HalfNyquist, 5);
        Assert.Equal(0.5, score.HalfNyquistSpread, 5);
        Assert.Equal(1.0, score.FullRange, 5);
    }

    [Fact]
    public void Measure_OneDrawOfTheTruth_ScoresZeroWithNoSpread()
    {
        var truth = Field();

        var score = DrawnSpectrumScore.Measure(_ => truth, firstSeed: 9, draws: 1, grid => PowerSpectrum.Measure(grid, BoxSize), PowerSpectrum.Measure(truth, BoxSize));

        Assert.Equal(new DrawnSpectrumScore(1, 9, 0, 0, 0), score);
    }

    [Fact]
    public void Measure_NoDraws_IsAnError()
    {
        var truth = Field();

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DrawnSpectrumScore.Measure(_ => truth, firstSeed: 0, draws: 0, grid => PowerSpectrum.Measure(grid, BoxSize), PowerSpectrum.Measure(truth, BoxSize)));
    }

    private static VoxelGrid Field()
    {
        var random = new Random(17);
        return new VoxelGrid(GridShape.Cube(16), [.. Enumerable.Range(0, 16 * 16 * 16).Select(_ => 1 + random.NextSingle())]);
    }

    /// <summary>ρ̄(1 + c·δ): the same mean, δ scaled by <paramref name="c"/>.</summary>
    private static VoxelGrid Scaled(VoxelGrid field, double c)
    {
        double mean = field.Sum() / field.Data.Length;
        return new VoxelGrid(field.Shape, [.. field.Data.Select(v => (float)(mean + (c * (v - mean))))]);
    }
}
