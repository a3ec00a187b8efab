namespace Workflows.Cosmology.Measurements;

/// <summary>Voxel occupancy confusion counts (positive = the voxel holds at least one galaxy).</summary>
public sealed record ConfusionMatrix(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public long Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Fraction of voxels that truly hold a galaxy.</summary>
    public double Occupancy => Ratio(TruePositives + FalseNegatives, Total);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
