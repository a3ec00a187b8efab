using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Prediction;

namespace Workflows.Cosmology.Tests.Model;

public sealed class PredictionAgreementTests
{
    private static VoxelGrid Line(params float[] values) => new(new GridShape(1, 1, values.Length), values);

    [Fact]
    public void RoundingDifferences_AndMaskFlipsAtTheThreshold_Agree()
    {
        var expected = Line(0f, 1.5f, 0.7f, 2f);
        var actual = Line(0f, 1.50005f, 0f, 2f);
        var probability = Line(0.1f, 0.9f, 0.50003f, 0.8f);

        Assert.Empty(PredictionAgreement.Disagreements(expected, actual, probability));
    }

    [Fact]
    public void DifferencesBeyondTolerance_AndMaskFlipsAwayFromTheThreshold_AreReportedByVoxel()
    {
        var expected = Line(0f, 1.5f, 0.7f, 2f);
        var actual = Line(0.6f, 1.6f, 0f, 2f);
        var probability = Line(0.4f, 0.9f, 0.51f, 0.8f);

        Assert.Equal(
            ["voxel 0: expected 0, found 0.6 (probability 0.4)", "voxel 1: expected 1.5, found 1.6 (probability 0.9)", "voxel 2: expected 0.7, found 0 (probability 0.51)"],
            PredictionAgreement.Disagreements(expected, actual, probability));
    }

    [Fact]
    public void DifferentShapes_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => PredictionAgreement.Disagreements(Line(1f, 2f), Line(1f), Line(0.9f, 0.9f)));
        Assert.Contains("actual 1×1×1", error.Message, StringComparison.Ordinal);
    }
}
