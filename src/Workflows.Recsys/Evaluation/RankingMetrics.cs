namespace Workflows.Recsys.Evaluation;

/// <summary>Mean all-ranking metrics at one cut-off K.</summary>
public sealed record MetricsAtK(int K, double Recall, double Ndcg, double Precision, double HitRate);

/// <summary>Metrics at several cut-offs over the users that have held-out items.</summary>
public sealed record RankingMetrics(int UsersEvaluated, IReadOnlyList<MetricsAtK> ByK)
{
    /// <summary>The metrics at <paramref name="k"/>.</summary>
    /// <exception cref="KeyNotFoundException">K was not evaluated.</exception>
    public MetricsAtK At(int k) => ByK.FirstOrDefault(m => m.K == k) ?? throw new KeyNotFoundException($"Metrics at K={k} were not computed.");
}
