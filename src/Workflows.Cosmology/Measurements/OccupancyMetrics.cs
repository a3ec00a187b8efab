using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Measurements;

/// <summary>Occupancy scores over a set of regions (the test region), or the whole grid when none are given.</summary>
public static class OccupancyMetrics
{
    /// <summary>A voxel counts as predicted occupied when its predicted count is above zero.</summary>
    public static ConfusionMatrix Confusion(VoxelGrid predicted, VoxelGrid truth, IReadOnlyList<VoxelRegion>? regions = null)
    {
        CheckShapes(predicted, truth);
        long tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (long i in RegionVoxels.Indices(truth.Shape, regions))
        {
            bool p = predicted.Data[i] > 0, t = truth.Data[i] > 0;
            if (p && t) tp++;
            else if (p) fp++;
            else if (t) fn++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, fn, tn);
    }

    /// <summary>
    /// The best F1 over all thresholds of a per-voxel score (e.g. the known posterior 1 − e^−λ): the F1 ceiling.
    /// </summary>
    public static (double F1, double Threshold) BestF1(VoxelGrid score, VoxelGrid truth, IReadOnlyList<VoxelRegion>? regions = null)
    {
        CheckShapes(score, truth);
        var voxels = RegionVoxels.Indices(truth.Shape, regions)
            .Select(i => (Score: score.Data[i], Positive: truth.Data[i] > 0))
            .OrderByDescending(v => v.Score)
            .ToArray();
        long positives = voxels.LongCount(v => v.Positive);
        long tp = 0, predicted = 0;
        double best = 0, bestThreshold = double.PositiveInfinity;
        for (int i = 0; i < voxels.Length; i++)
        {
            predicted++;
            if (voxels[i].Positive) tp++;
            bool lastOfTie = i + 1 == voxels.Length || voxels[i + 1].Score != voxels[i].Score;
            if (!lastOfTie) continue;
            double f1 = 2.0 * tp / (predicted + positives);
            if (f1 > best)
            {
                best = f1;
                bestThreshold = voxels[i].Score;
            }
        }
        return (best, bestThreshold);
    }

    private static void CheckShapes(VoxelGrid a, VoxelGrid b)
    {
        if (a.Shape != b.Shape) throw new ArgumentException($"Grids differ in shape: {a.Shape} vs {b.Shape}.");
    }
}
