using Workflows.Contracts;

namespace Workflows.Orchestration.Recsys;

/// <summary>Job ids and search keys of a lottery-ticket run; the report rebuilds them to find each round's result.</summary>
public static class RecsysJobIds
{
    /// <summary>One ticket search: <c>{backbone}-{strategy}-s{seed}</c>.</summary>
    public static string SearchKey(string backbone, string strategy, int seed) => $"{backbone}-{strategy}-s{seed}";

    /// <summary>The dense model of (backbone, seed), shared by all strategies: <c>{backbone}-s{seed}</c>.</summary>
    public static string DenseKey(string backbone, int seed) => $"{backbone}-s{seed}";

    /// <summary>Round 0 of (backbone, seed): <c>{runId}.{backbone}-s{seed}.r00</c>.</summary>
    public static string DenseRound(string runId, string backbone, int seed) => Identifiers.JobId(runId, DenseKey(backbone, seed), Round(0));

    /// <summary>Round r ≥ 1 of a search: <c>{runId}.{backbone}-{strategy}-s{seed}.r{rr}</c>.</summary>
    public static string SearchRound(string runId, string searchKey, int round) => Identifiers.JobId(runId, searchKey, Round(round));

    private static string Round(int round) => $"r{round:D2}";
}
