using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;

namespace Workflows.Cosmology.Model;

/// <summary>
/// x ↦ (ln(1 + x) − mean) / std, with mean and std computed once on the training region and applied
/// identically to training, validation, test and target volumes.
/// </summary>
public sealed record InputNormalisation(double Mean, double StandardDeviation)
{
    public static InputNormalisation Fit(VoxelGrid darkMatter, IReadOnlyList<VoxelRegion> trainingRegions)
    {
        double sum = 0, sumSquares = 0;
        long count = 0;
        foreach (long i in RegionVoxels.Indices(darkMatter.Shape, trainingRegions))
        {
            double v = Math.Log(1 + darkMatter.Data[i]);
            sum += v;
            sumSquares += v * v;
            count++;
        }
        double mean = sum / count;
        double std = Math.Sqrt(Math.Max(sumSquares / count - mean * mean, 0));
        if (count == 0 || std == 0) throw new ArgumentException("The training region is empty or constant; it cannot define a normalisation.");
        return new InputNormalisation(mean, std);
    }

    public float[] Apply(ReadOnlySpan<float> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (float)((Math.Log(1 + values[i]) - Mean) / StandardDeviation);
        return result;
    }
}
