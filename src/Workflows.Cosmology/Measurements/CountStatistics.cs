using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Measurements;

/// <summary>
/// Count-level comparison: total count ratio, per-voxel MSE, and the PDFs of voxel counts (rounded to integers,
/// last bin open-ended) for prediction and truth.
/// </summary>
public sealed record CountStatistics(double PredictedTotal, double TrueTotal, double MeanSquaredError, double[] PredictedPdf, double[] TruePdf)
{
    public double TotalRatio => PredictedTotal / TrueTotal;

    public static CountStatistics Compute(VoxelGrid predicted, VoxelGrid truth, IReadOnlyList<VoxelRegion>? regions = null, int maxCount = 10)
    {
        if (predicted.Shape != truth.Shape) throw new ArgumentException($"Grids differ in shape: {predicted.Shape} vs {truth.Shape}.");
        double predictedTotal = 0, trueTotal = 0, squaredError = 0;
        var predictedHistogram = new long[maxCount + 1];
        var trueHistogram = new long[maxCount + 1];
        long voxels = 0;
        foreach (long i in RegionVoxels.Indices(truth.Shape, regions))
        {
            float p = predicted.Data[i], t = truth.Data[i];
            predictedTotal += p;
            trueTotal += t;
            squaredError += (double)(p - t) * (p - t);
            predictedHistogram[Bin(p, maxCount)]++;
            trueHistogram[Bin(t, maxCount)]++;
            voxels++;
        }
        return new CountStatistics(predictedTotal, trueTotal, squaredError / voxels,
            predictedHistogram.Select(c => (double)c / voxels).ToArray(),
            trueHistogram.Select(c => (double)c / voxels).ToArray());
    }

    private static int Bin(float count, int maxCount) => (int)Math.Clamp(Math.Round(count), 0, maxCount);
}
