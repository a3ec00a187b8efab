using Workflows.Recsys.Training;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class BprLossTests
{
    [Fact]
    public void Compute_TwoTriples_MatchesHandComputedRankingAndL2()
    {
        // Rows: 0 = user [1, 0]; 1 = item [1, 1]; 2 = item [0, 1]; 3 = item [2, 0].
        using var layer0 = tensor(new float[] { 1, 0, 1, 1, 0, 1, 2, 0 }, [4, 2]);
        using var users = tensor(new long[] { 0, 0 });
        using var positives = tensor(new long[] { 1, 3 });
        using var negatives = tensor(new long[] { 2, 1 });

        var terms = BprLoss.Compute(layer0, layer0, users, positives, negatives, l2: 0.1);

        // Triple 1: s_ui = 1, s_uj = 0 → softplus(-1). Triple 2: s_ui = 2, s_uj = 1 → softplus(-1). Mean once.
        var ranking = Math.Log(1 + Math.Exp(-1));
        // ‖u‖² = 1 + 1; ‖i‖² = 2 + 4; ‖j‖² = 1 + 2 → 11; λ·½·11 / B(2).
        var regularization = 0.1 * 0.5 * 11 / 2;
        Assert.Equal(ranking, terms.Ranking.item<float>(), 5);
        Assert.Equal(regularization, terms.Regularization.item<float>(), 5);
        Assert.Equal(ranking + regularization, terms.Total.item<float>(), 5);
    }

    [Fact]
    public void Compute_PropagatedEmbeddingsDiffer_L2UsesLayerZeroRows()
    {
        using var layer0 = tensor(new float[] { 1, 0, 1, 1, 0, 1 }, [3, 2]);
        using var final = layer0 * 10;
        using var users = tensor(new long[] { 0 });
        using var positives = tensor(new long[] { 1 });
        using var negatives = tensor(new long[] { 2 });

        var terms = BprLoss.Compute(final, layer0, users, positives, negatives, l2: 1.0);

        // Layer-0 norms 1 + 2 + 1 = 4 → 2; the propagated rows would give 400 → 200.
        Assert.Equal(2.0, terms.Regularization.item<float>(), 5);
        Assert.Equal(Math.Log(1 + Math.Exp(-100)), terms.Ranking.item<float>(), 5);
    }
}
