using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Prediction;

namespace Workflows.Cosmology.Tests.Model;

public class CountCalibrationTests
{
    [Fact]
    public void Fit_UsesTheTrainingRegionOnly_AndApplyScalesEveryVoxel()
    {
        var shape = new GridShape(1, 1, 4);
        var predicted = new VoxelGrid(shape, [0.5f, 1.5f, 4, 0]);
        var truth = new VoxelGrid(shape, [2, 4, 0, 9]);
        var training = new[] { new VoxelRegion(default, new Int3(1, 1, 2)) };

        var calibration = CountCalibration.Fit(predicted, truth, training);

        Assert.Equal(3.0, calibration.Scale, 12);
        Assert.Equal([1.5f, 4.5f, 12f, 0f], calibration.Apply(predicted).Data);
    }

    [Fact]
    public void Fit_EmptyPrediction_IsAnError()
    {
        var shape = new GridShape(1, 1, 2);

        var error = Assert.Throws<ArgumentException>(() =>
            CountCalibration.Fit(new VoxelGrid(shape), new VoxelGrid(shape, [1, 0]), [shape.Whole]));

        Assert.Contains("no galaxies", error.Message);
        Assert.Null(CountCalibration.TryFit(new VoxelGrid(shape), new VoxelGrid(shape, [1, 0]), [shape.Whole]));
    }
}
