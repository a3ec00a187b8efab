using System.Globalization;
using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Prediction;

/// <summary>
/// Whether two predictions of one model that differ only in float rounding (tiles with halos versus the whole volume)
/// agree. Counts are the classifier's mask times the regression, the mask being probability &gt; 0.5: rounding that moves
/// a probability across 0.5 flips a voxel between zero and its regression value. Such a flip is rounding only where the
/// reference probability lies within <c>margin</c> of 0.5; anywhere else a difference above <c>tolerance</c> is a defect.
/// </summary>
public static class PredictionAgreement
{
    /// <summary>The voxels where <paramref name="actual"/> disagrees with <paramref name="expected"/> beyond rounding, described.</summary>
    public static IReadOnlyList<string> Disagreements(
        VoxelGrid expected, VoxelGrid actual, VoxelGrid expectedProbability, float tolerance = 1e-4f, float margin = 1e-4f)
    {
        if (actual.Shape != expected.Shape || expectedProbability.Shape != expected.Shape)
            throw new ArgumentException($"Shapes differ: expected {expected.Shape}, actual {actual.Shape}, probability {expectedProbability.Shape}.");
        var disagreements = new List<string>();
        for (int i = 0; i < expected.Data.Length; i++)
        {
            float a = expected.Data[i], b = actual.Data[i], p = expectedProbability.Data[i];
            bool maskFlip = (a == 0) != (b == 0);
            bool explained = maskFlip ? Math.Abs(p - 0.5f) <= margin : Math.Abs(a - b) <= tolerance;
            if (!explained)
                disagreements.Add(string.Create(CultureInfo.InvariantCulture, $"voxel {i}: expected {a}, found {b} (probability {p})"));
        }
        return disagreements;
    }
}
