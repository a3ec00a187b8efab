using Workflows.Recsys.Data;
using Workflows.Recsys.Evaluation;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class RankingEvaluatorTests
{
    // Items are one-hot (d = 5), so user u's row is exactly its score vector over items 0..4.
    private static readonly float[][] UserScores =
    [
        [5, 4, 3, 2, 1],
        [1, 2, 3, 4, 5],
        [0, 1, 2, 3, 4],
    ];

    private static Tensor Embeddings()
    {
        var rows = UserScores.Concat(Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 5).Select(j => i == j ? 1f : 0f).ToArray()));
        return tensor(rows.SelectMany(r => r).ToArray(), [8, 5]);
    }

    private static (InteractionMatrix Train, InteractionMatrix Test) Split() =>
        (InteractionMatrix.FromPairs(3, 5, [0], [0]),
         // user 0: 2 held-out items; user 1: fewer held-out items (1) than K = 2; user 2: no hit.
         InteractionMatrix.FromPairs(3, 5, [0, 0, 1, 2], [1, 4, 3, 0]));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Evaluate_TinyCase_MatchesHandComputedMetricsForAnyBatchSize(int userBatchSize)
    {
        using var embeddings = Embeddings();
        var (train, test) = Split();

        var metrics = RankingEvaluator.Evaluate(embeddings, test, [train], [2], userBatchSize).At(2);

        // user 0 ranks 1,2,3,4 (item 0 is train): hit at position 1 of 2 held-out items.
        // user 1 ranks 4,3: hit at position 2, one held-out item. user 2 ranks 4,3: no hit.
        var ndcgUser0 = 1.0 / (1.0 + 1.0 / Math.Log2(3));
        var ndcgUser1 = 1.0 / Math.Log2(3);
        Assert.Equal(3, RankingEvaluator.Evaluate(embeddings, test, [train], [2], userBatchSize).UsersEvaluated);
        Assert.Equal((0.5 + 1.0 + 0.0) / 3, metrics.Recall, 12);
        Assert.Equal((0.5 + 0.5 + 0.0) / 3, metrics.Precision, 12);
        Assert.Equal((ndcgUser0 + ndcgUser1) / 3, metrics.Ndcg, 12);
        Assert.Equal(2.0 / 3, metrics.HitRate, 12);
    }

    [Fact]
    public void Evaluate_TrainItemsExcluded_NeverRanked()
    {
        using var embeddings = Embeddings();
        var train = InteractionMatrix.FromPairs(3, 5, [0, 0], [0, 1]);
        var test = InteractionMatrix.FromPairs(3, 5, [0], [2]);

        var metrics = RankingEvaluator.Evaluate(embeddings, test, [train], [1]).At(1);

        // Without masking, user 0's top-1 would be train item 0; masked, it is held-out item 2.
        Assert.Equal(1.0, metrics.Recall, 12);
        Assert.Equal(1.0, metrics.Ndcg, 12);
    }

    [Fact]
    public void Evaluate_SeveralKs_ReportsEachCutOff()
    {
        using var embeddings = Embeddings();
        var (train, test) = Split();

        var metrics = RankingEvaluator.Evaluate(embeddings, test, [train], [1, 4]);

        // K = 1: only user 0 hits (item 1). K = 4: user 0 ranks 1,2,3,4 (both held-out), user 1 ranks 4,3,2,1, user 2 ranks 4,3,2,1 (item 0 absent).
        Assert.Equal(1.0 / 3 * 0.5, metrics.At(1).Recall, 12);
        Assert.Equal((1.0 + 1.0 + 0.0) / 3, metrics.At(4).Recall, 12);
        Assert.Equal((2.0 / 4 + 1.0 / 4) / 3, metrics.At(4).Precision, 12);
    }
}
