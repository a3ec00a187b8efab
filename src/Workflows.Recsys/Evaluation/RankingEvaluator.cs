using Workflows.Recsys.Data;
using Workflows.Torch;
using static TorchSharp.torch;

namespace Workflows.Recsys.Evaluation;

/// <summary>
/// All-ranking evaluation: for each user with held-out items, every item is scored, the user's excluded items
/// (train, and validation when evaluating on test) are set to −∞, the top K are taken, and Recall, NDCG, Precision
/// and HitRate are averaged over users. Users are scored in batches, so the full score matrix never exists.
/// </summary>
public static class RankingEvaluator
{
    /// <summary>Default users per scoring batch.</summary>
    public const int DefaultUserBatchSize = 1024;

    // Caps one batch's score block at 1 GiB of float32 (and within a span's reach), whatever the catalogue size.
    private const int MaxScoresPerBatch = 1 << 28;

    /// <summary>Evaluates <paramref name="finalEmbeddings"/> (users then items) against <paramref name="heldOut"/>.</summary>
    public static RankingMetrics Evaluate(
        Tensor finalEmbeddings, InteractionMatrix heldOut, IReadOnlyList<InteractionMatrix> excluded,
        IReadOnlyList<int> ks, int userBatchSize = DefaultUserBatchSize)
    {
        ArgumentNullException.ThrowIfNull(finalEmbeddings);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(ks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userBatchSize);
        if (ks.Count == 0 || ks.Any(k => k <= 0 || k > heldOut.ItemCount))
        {
            throw new ArgumentOutOfRangeException(nameof(ks), $"Every K must be in [1, {heldOut.ItemCount}].");
        }

        var users = heldOut.NonEmptyUsers();
        var batchSize = Math.Min(userBatchSize, Math.Max(1, MaxScoresPerBatch / heldOut.ItemCount));
        var maxK = ks.Max();
        var sums = new double[ks.Count, 4];
        using var noGrad = no_grad();
        using var itemEmbeddings = finalEmbeddings.narrow(0, heldOut.UserCount, heldOut.ItemCount).t().contiguous();
        for (var start = 0; start < users.Length; start += batchSize)
        {
            var batch = users.AsSpan(start, Math.Min(batchSize, users.Length - start)).ToArray();
            var topItems = TopItems(finalEmbeddings, itemEmbeddings, batch, heldOut.ItemCount, excluded, maxK);
            for (var b = 0; b < batch.Length; b++)
            {
                Accumulate(sums, ks, topItems.AsSpan(b * maxK, maxK), heldOut.ItemsOf(batch[b]));
            }
        }

        var byK = ks.Select((k, index) => users.Length == 0
            ? new MetricsAtK(k, 0, 0, 0, 0)
            : new MetricsAtK(k, sums[index, 0] / users.Length, sums[index, 1] / users.Length, sums[index, 2] / users.Length, sums[index, 3] / users.Length)).ToArray();
        return new RankingMetrics(users.Length, byK);
    }

    /// <summary>The top <paramref name="k"/> items of each user of <paramref name="users"/>, row-major (users × k).</summary>
    internal static long[] TopItems(Tensor finalEmbeddings, Tensor itemEmbeddingsTransposed, int[] users, int itemCount, IReadOnlyList<InteractionMatrix> excluded, int k)
    {
        using var scope = NewDisposeScope();
        var device = finalEmbeddings.device;
        var userIndex = tensor(users.Select(u => (long)u).ToArray(), device: device);
        var scores = finalEmbeddings.index_select(0, userIndex).matmul(itemEmbeddingsTransposed);
        return device.type == TorchSharp.DeviceType.CPU
            ? SelectOnCpu(scores, users, itemCount, excluded, k)
            : SelectWithLibTorch(scores, users, itemCount, excluded, k);
    }

    private static long[] SelectOnCpu(Tensor scores, int[] users, int itemCount, IReadOnlyList<InteractionMatrix> excluded, int k)
    {
        var values = TensorSpans.AsFloatSpan(scores);
        foreach (var position in ExcludedPositions(users, itemCount, excluded))
        {
            values[(int)position] = float.NegativeInfinity;
        }

        var top = new long[users.Length * k];
        TopKSelector.SelectRows(values, itemCount, k, top);
        return top;
    }

    /// <summary>The device path: masking and top-k stay on the device, and only the indices come back.</summary>
    internal static long[] SelectWithLibTorch(Tensor scores, int[] users, int itemCount, IReadOnlyList<InteractionMatrix> excluded, int k)
    {
        var excludedPositions = ExcludedPositions(users, itemCount, excluded);
        if (excludedPositions.Count > 0)
        {
            scores.view(-1).index_fill_(0, tensor(excludedPositions.ToArray(), device: scores.device), double.NegativeInfinity);
        }

        var (_, indices) = scores.topk(k, dim: 1, largest: true, sorted: true);
        return indices.cpu().data<long>().ToArray();
    }

    /// <summary>The flat (row-major) positions of every excluded (user, item) cell of a users × items score block.</summary>
    private static List<long> ExcludedPositions(int[] users, int itemCount, IReadOnlyList<InteractionMatrix> excluded)
    {
        var positions = new List<long>();
        for (var b = 0; b < users.Length; b++)
        {
            foreach (var matrix in excluded)
            {
                foreach (var item in matrix.ItemsOf(users[b]))
                {
                    positions.Add(((long)b * itemCount) + item);
                }
            }
        }

        return positions;
    }

    private static void Accumulate(double[,] sums, IReadOnlyList<int> ks, ReadOnlySpan<long> ranked, ReadOnlySpan<int> heldOut)
    {
        for (var index = 0; index < ks.Count; index++)
        {
            var k = ks[index];
            double hits = 0, dcg = 0, idcg = 0;
            for (var position = 0; position < k; position++)
            {
                if (heldOut.BinarySearch((int)ranked[position]) >= 0)
                {
                    hits++;
                    dcg += 1.0 / Math.Log2(position + 2);
                }
            }

            for (var position = 0; position < Math.Min(heldOut.Length, k); position++)
            {
                idcg += 1.0 / Math.Log2(position + 2);
            }

            sums[index, 0] += hits / heldOut.Length;
            sums[index, 1] += dcg / idcg;
            sums[index, 2] += hits / k;
            sums[index, 3] += hits > 0 ? 1 : 0;
        }
    }
}
