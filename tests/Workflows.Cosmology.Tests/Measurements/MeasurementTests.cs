using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;

namespace Workflows.Cosmology.Tests.Measurements;

public class MeasurementTests
{
    private static VoxelGrid Grid(params float[] values) => new(new GridShape(1, 1, values.Length), values);

    [Fact]
    public void Confusion_HandCountedCase_GivesPrecisionRecallF1()
    {
        var predicted = Grid(1, 0.3f, 0, 0, 2, 0, 0, 0);
        var truth = Grid(1, 0, 2, 0, 1, 0, 0, 1);
        var c = OccupancyMetrics.Confusion(predicted, truth);
        Assert.Equal(new ConfusionMatrix(2, 1, 2, 3), c);
        Assert.Equal(2.0 / 3, c.Precision, 12);
        Assert.Equal(0.5, c.Recall, 12);
        Assert.Equal(4.0 / 7, c.F1, 12);
        Assert.Equal(5.0 / 8, c.Accuracy, 12);
        Assert.Equal(0.5, c.Occupancy, 12);
    }

    [Fact]
    public void Confusion_OverRegions_CountsOnlyThoseVoxels()
    {
        var predicted = Grid(1, 1, 1, 1);
        var truth = Grid(1, 0, 0, 0);
        var region = new VoxelRegion(new Int3(0, 0, 1), new Int3(1, 1, 2));
        Assert.Equal(new ConfusionMatrix(0, 2, 0, 0), OccupancyMetrics.Confusion(predicted, truth, [region]));
    }

    [Fact]
    public void BestF1_OverThresholds_FindsTheHandComputedOptimum()
    {
        // Scores sorted: 0.9(T) 0.8(F) 0.7(T) 0.2(T) 0.1(F). Taking the top 4 gives TP 3, FP 1, FN 0: F1 = 6/7.
        var score = Grid(0.9f, 0.1f, 0.7f, 0.8f, 0.2f);
        var truth = Grid(1, 0, 1, 0, 1);
        var (f1, threshold) = OccupancyMetrics.BestF1(score, truth);
        Assert.Equal(6.0 / 7, f1, 12);
        Assert.Equal(0.2f, threshold, 6);
    }

    [Fact]
    public void CountStatistics_HandCase_GivesRatioMseAndPdfs()
    {
        var stats = CountStatistics.Compute(Grid(0, 1, 2.2f, 0), Grid(0, 2, 2, 0), maxCount: 2);
        Assert.Equal(3.2 / 4, stats.TotalRatio, 6);
        Assert.Equal((1 + 0.04) / 4, stats.MeanSquaredError, 6);
        Assert.Equal([0.5, 0.25, 0.25], stats.PredictedPdf);
        Assert.Equal([0.5, 0, 0.5], stats.TruePdf);
    }
}
