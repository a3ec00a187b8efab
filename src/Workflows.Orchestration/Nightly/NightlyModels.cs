using Workflows.Orchestration.Jobs;

namespace Workflows.Orchestration.Nightly;

/// <summary>The input of <see cref="NightlyRetrain"/> (instance id = <see cref="Contracts.Identifiers.NightlyRetrainId"/>).</summary>
/// <param name="Day">The UTC day the retrain belongs to.</param>
/// <param name="Jobs">How the challenger job is watched (from configuration at start).</param>
public sealed record NightlyRequest(string InstanceId, string Dataset, DateOnly Day, JobPolicy Jobs);

public enum NightlyDecision
{
    /// <summary>The dataset's content hash is the one the champion was trained on: nothing trained (a recorded no-op).</summary>
    Unchanged,

    /// <summary>The challenger was not worse than the champion by more than the tolerance and replaced it.</summary>
    Promoted,

    /// <summary>The challenger was worse than the champion by more than the tolerance; the champion stays.</summary>
    Kept,

    /// <summary>No comparison was possible (the challenger failed, or the new data does not fit the champion's table).</summary>
    Failed,
}

/// <summary>What the night decided for one promoted model.</summary>
/// <param name="ChampionRecall">The champion's test Recall@20 on the new data.</param>
/// <param name="ChallengerRecall">The challenger's test Recall@20 on the same split.</param>
/// <param name="ChallengerResult">The challenger job's <c>result.json</c>, when it trained.</param>
public sealed record NightlyModelOutcome(
    string Model,
    NightlyDecision Decision,
    string Reason,
    string ChampionContentHash,
    double? ChampionRecall = null,
    double? ChallengerRecall = null,
    string? ChallengerResult = null);

/// <summary>
/// The output of <see cref="NightlyRetrain"/>, also written to <c>runs/{instanceId}/report.json</c>: the record of the
/// night, including a no-op.
/// </summary>
/// <param name="ContentHash">The dataset's content hash this night (empty when the manifest could not be read).</param>
/// <param name="Problem">Why nothing could be compared at all (no manifest, no promoted model yet).</param>
public sealed record NightlyReport(
    string InstanceId,
    string Dataset,
    DateOnly Day,
    string ContentHash,
    IReadOnlyList<NightlyModelOutcome> Models,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Problem = null);

/// <summary>The promotion rule of a nightly retrain (DESIGN.md, "Orchestrations").</summary>
public static class NightlyRule
{
    /// <summary>
    /// The challenger replaces the champion unless it is worse by more than <paramref name="tolerance"/>, relative to the
    /// champion (the ticket tolerance's sense): challenger ≥ champion × (1 − tolerance).
    /// </summary>
    public static bool Promotes(double championRecall, double challengerRecall, double tolerance) =>
        challengerRecall >= championRecall * (1 - tolerance);
}
