using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Prediction;

/// <summary>
/// One scale for a predicted count field so that its total matches the truth over the training region. The
/// cascade's mask drops the galaxies of the voxels it misses, so its total runs low, and a catalogue drawn from a
/// field with too few galaxies carries too much shot noise; the local benchmark is calibrated the same way by
/// construction (its bin means are fitted on the training region).
/// </summary>
public sealed record CountCalibration(double Scale)
{
    public static CountCalibration Fit(VoxelGrid predicted, VoxelGrid truth, IReadOnlyList<VoxelRegion> trainingRegions) =>
        TryFit(predicted, truth, trainingRegions)
            ?? throw new ArgumentException("The prediction holds no galaxies in the training region, so it cannot be calibrated.");

    /// <summary>As <see cref="Fit"/>, but null when the prediction holds no galaxies in the training region.</summary>
    public static CountCalibration? TryFit(VoxelGrid predicted, VoxelGrid truth, IReadOnlyList<VoxelRegion> trainingRegions)
    {
        if (predicted.Shape != truth.Shape)
            throw new ArgumentException($"Predicted {predicted.Shape} and true {truth.Shape} counts differ in shape.");
        double predictedTotal = trainingRegions.Sum(r => predicted.Extract(r, periodic: false).Sum());
        double trueTotal = trainingRegions.Sum(r => truth.Extract(r, periodic: false).Sum());
        return predictedTotal > 0 ? new CountCalibration(trueTotal / predictedTotal) : null;
    }

    public VoxelGrid Apply(VoxelGrid predicted) => new(predicted.Shape, predicted.Data.Select(v => (float)(v * Scale)).ToArray());
}
