using Workflows.Recsys.Data;
using Workflows.Recsys.Evaluation;
using Workflows.Torch;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class TopKSelectorTests
{
    [Fact]
    public void SelectRows_HandMadeRows_ReturnsBestFirstWithTiesToTheLowerColumn()
    {
        float[] scores =
        [
            0.5f, 3f, 1f, 3f, -2f, 7f, 0f, 3f, 2f, 1f,
            float.NaN, -1f, float.NegativeInfinity, -1f, -5f, -3f, -1f, -4f, -2f, -6f,
        ];
        var top = new long[2 * 4];

        TopKSelector.SelectRows(scores, columns: 10, k: 4, top);

        Assert.Equal([5L, 1, 3, 7, 1, 3, 6, 8], top);
    }

    [Fact]
    public void SelectRows_KEqualsColumns_SortsTheWholeRow()
    {
        float[] scores = [2f, float.NaN, 9f, -1f, 2f];
        var top = new long[5];

        TopKSelector.SelectRows(scores, columns: 5, k: 5, top);

        // NaN ranks as −∞, so after −1.
        Assert.Equal([2L, 0, 4, 3, 1], top);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void SelectRows_RandomScores_MatchLibTorchTopKForAnyThreadCount(int threads)
    {
        var previousThreads = TorchSharp.torch.get_num_threads();
        try
        {
            TorchSharp.torch.set_num_threads(threads);
            manual_seed(7);
            using var scores = randn(67, 1003);
            var (_, expected) = scores.topk(20, dim: 1, largest: true, sorted: true);
            var top = new long[67 * 20];

            TopKSelector.SelectRows(TensorSpans.AsFloatSpan(scores), columns: 1003, k: 20, top);

            Assert.Equal(expected.data<long>().ToArray(), top);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(previousThreads);
        }
    }

    [Fact]
    public void TopItems_OnCpu_EqualsTheLibTorchDevicePath()
    {
        manual_seed(3);
        using var embeddings = randn(40 + 300, 8);
        var train = InteractionMatrix.FromPairs(40, 300, [.. Enumerable.Range(0, 40).Select(u => u)], [.. Enumerable.Range(0, 40).Select(u => (u * 7) % 300)]);
        int[] users = [.. Enumerable.Range(0, 40)];
        using var items = embeddings.narrow(0, 40, 300).t().contiguous();

        var onCpu = RankingEvaluator.TopItems(embeddings, items, users, 300, [train], 20);
        using var scores = embeddings.narrow(0, 0, 40).matmul(items);
        var withLibTorch = RankingEvaluator.SelectWithLibTorch(scores, users, 300, [train], 20);

        Assert.Equal(withLibTorch, onCpu);
    }

    [Fact]
    public void SelectRows_OutputOfTheWrongSize_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => TopKSelector.SelectRows(new float[10], columns: 5, k: 2, new long[3]));

        Assert.Contains("rows × 2", error.Message, StringComparison.Ordinal);
    }
}
