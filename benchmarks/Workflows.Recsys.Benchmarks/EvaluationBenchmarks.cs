using BenchmarkDotNet.Attributes;
using Workflows.Recsys.Data;
using Workflows.Recsys.Evaluation;
using static TorchSharp.torch;

namespace Workflows.Recsys.Benchmarks;

/// <summary>
/// Full-ranking evaluation of all Gowalla test users (d = 64) vs the score matrix products alone, and vs the same
/// scores masked and ranked by libtorch's topk (the device path) to show what the CPU selector buys.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EvaluationBenchmarks
{
    private PreparedDataset _dataset = null!;
    private Tensor _embeddings = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dataset = GowallaData.Load();
        manual_seed(1);
        _embeddings = randn(_dataset.UserCount + _dataset.ItemCount, 64) * 0.1;
    }

    [Benchmark(Baseline = true)]
    public float ScoreProductsOnly() => ForEachScoreBatch((scores, _) => scores[0, 0].item<float>());

    [Benchmark]
    public float ScoreProductsThenLibTorchTopK() =>
        ForEachScoreBatch((scores, batch) => RankingEvaluator.SelectWithLibTorch(scores, batch, _dataset.ItemCount, [_dataset.Train], 20)[0]);

    [Benchmark]
    public double FullRankingEvaluation() =>
        RankingEvaluator.Evaluate(_embeddings, _dataset.Test, [_dataset.Train], [20]).At(20).Recall;

    private float ForEachScoreBatch(Func<Tensor, int[], float> consume)
    {
        using var noGrad = no_grad();
        using var items = _embeddings.narrow(0, _dataset.UserCount, _dataset.ItemCount).t().contiguous();
        var users = _dataset.Test.NonEmptyUsers();
        var checksum = 0f;
        for (var start = 0; start < users.Length; start += RankingEvaluator.DefaultUserBatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = users.AsSpan(start, Math.Min(RankingEvaluator.DefaultUserBatchSize, users.Length - start)).ToArray();
            var index = tensor(batch.Select(u => (long)u).ToArray());
            checksum += consume(_embeddings.index_select(0, index).matmul(items), batch);
        }

        return checksum;
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Report(nameof(EvaluationBenchmarks));
}
