using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workflows.Cosmology.Training;

internal static class CascadeLosses
{
    /// <summary>Class-weighted cross entropy, averaged with the weights (PyTorch's weighted mean).</summary>
    public static Tensor WeightedCrossEntropy(Tensor logits, Tensor counts, double nonEmptyWeight)
    {
        var classes = counts.squeeze(1).gt(0).to_type(ScalarType.Int64);
        var weights = tensor(new[] { 1f, (float)nonEmptyWeight }, device: logits.device);
        return functional.cross_entropy(logits, classes, weights);
    }

    /// <summary>Squared error summed over voxels (non-empty voxels weighted), averaged over cubes.</summary>
    public static Tensor WeightedSquaredError(Tensor predicted, Tensor counts, double nonEmptyWeight)
    {
        var weights = where(counts.gt(0), (float)nonEmptyWeight, 1f);
        return (weights * (predicted - counts).square()).sum() / predicted.shape[0];
    }

    /// <summary>The weighted cross entropy of the best constant predictor for occupancy f: the floor a classifier must beat.</summary>
    public static double ConstantPredictorLoss(double occupancy, double nonEmptyWeight)
    {
        double empty = 1 - occupancy, full = occupancy * nonEmptyWeight;
        double p = full / (empty + full);
        return -(empty * Math.Log(1 - p) + full * Math.Log(p)) / (empty + full);
    }
}
