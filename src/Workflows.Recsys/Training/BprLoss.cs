using TorchSharp;
using static TorchSharp.torch;

namespace Workflows.Recsys.Training;

/// <summary>The parts of one batch's BPR objective.</summary>
/// <param name="Total">Ranking + regularisation (what is minimised).</param>
/// <param name="Ranking">mean softplus(s_uj − s_ui).</param>
/// <param name="Regularization">λ·½(‖x_u‖² + ‖x_i‖² + ‖x_j‖²)/B on layer-0 rows.</param>
public sealed record BprLossTerms(Tensor Total, Tensor Ranking, Tensor Regularization);

/// <summary>BPR with L2 on the batch's raw layer-0 rows (never on propagated embeddings), averaged once.</summary>
public static class BprLoss
{
    /// <summary>
    /// Computes the loss. <paramref name="users"/>, <paramref name="positives"/>, <paramref name="negatives"/> are
    /// int64 row indices into the joint table (items already offset by the user count).
    /// </summary>
    public static BprLossTerms Compute(Tensor final, Tensor layer0, Tensor users, Tensor positives, Tensor negatives, double l2)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(layer0);
        var batch = users.shape[0];
        var u = final.index_select(0, users);
        var i = final.index_select(0, positives);
        var j = final.index_select(0, negatives);
        var positiveScores = (u * i).sum(1);
        var negativeScores = (u * j).sum(1);
        // Explicit scalars, disposed at return: an implicitly converted Scalar can be finalized by the GC while libtorch
        // still reads it (seen as a toFloat check failure after ~58 000 steps of a long Gowalla run). The same holds for
        // the Scalars TorchSharp converts inside calls with numeric defaults, such as softplus's beta and threshold, so
        // softplus(n − p) is computed as −logsigmoid(p − n), which takes none.
        using var one = 1.ToScalar();
        using var minusOne = (-1).ToScalar();
        using var l2Scale = (0.5 * l2 / batch).ToScalar();
        var ranking = nn.functional.logsigmoid(positiveScores.add(negativeScores, minusOne)).mean().neg();
        var squaredNorms = layer0.index_select(0, users).square().sum()
            .add(layer0.index_select(0, positives).square().sum(), one)
            .add(layer0.index_select(0, negatives).square().sum(), one);
        var regularization = squaredNorms.mul(l2Scale);
        return new BprLossTerms(ranking.add(regularization, one), ranking, regularization);
    }
}
