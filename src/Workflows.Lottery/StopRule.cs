namespace Workflows.Lottery;

/// <summary>Why a ticket search stopped pruning.</summary>
public enum StopReason
{
    /// <summary>Keep pruning.</summary>
    None,

    /// <summary>Every configured round has run.</summary>
    RoundsExhausted,

    /// <summary>The latest round reached the target remaining fraction.</summary>
    TargetReached,

    /// <summary>Validation Recall@20 stayed below dense × (1 − tolerance) for the configured number of rounds.</summary>
    BelowDense,
}

/// <summary>When a ticket search stops (METHODS-recsys.md, IMP step 4). Reads validation metrics only.</summary>
/// <param name="Tolerance">Relative shortfall from dense that counts as "below".</param>
/// <param name="Patience">Consecutive rounds below before stopping.</param>
/// <param name="MaxRounds">Pruning rounds after round 0.</param>
/// <param name="TargetRemainingFraction">Stop once a round's remaining fraction is at or below this.</param>
public sealed record StopRule(double Tolerance, int Patience, int MaxRounds, double? TargetRemainingFraction)
{
    /// <summary>
    /// Decides after the latest finished round. <paramref name="rounds"/> holds round 0 and the pruned rounds finished so far,
    /// in round order without gaps.
    /// </summary>
    public StopReason Evaluate(IReadOnlyList<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0 || rounds[0].Round != 0)
        {
            throw new ArgumentException("round 0 (dense) must come first", nameof(rounds));
        }

        var latest = rounds[^1];
        if (latest.Round > 0 && TargetRemainingFraction is { } target && latest.RemainingFraction <= target)
        {
            return StopReason.TargetReached;
        }

        // A search that ran every configured round was not cut short, whatever its last rounds scored.
        if (latest.Round >= MaxRounds)
        {
            return StopReason.RoundsExhausted;
        }

        var pruned = rounds.Skip(1).ToList();
        return pruned.Count >= Patience && pruned.TakeLast(Patience).All(round => !round.Matches(rounds[0], Tolerance))
            ? StopReason.BelowDense
            : StopReason.None;
    }
}
