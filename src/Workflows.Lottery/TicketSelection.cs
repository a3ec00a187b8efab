namespace Workflows.Lottery;

/// <summary>The tickets a search reports; each is null when no pruned round qualifies.</summary>
/// <param name="Winning">Sparsest pruned round whose validation Recall@20 ≥ dense × (1 − tolerance).</param>
/// <param name="Within1Percent">Sparsest pruned round within 1 % of dense.</param>
/// <param name="Within5Percent">Sparsest pruned round within 5 % of dense.</param>
public sealed record TicketSelection(RoundMetrics? Winning, RoundMetrics? Within1Percent, RoundMetrics? Within5Percent);

/// <summary>Winning-ticket selection (METHODS-recsys.md, "Winning ticket"): chosen on validation only.</summary>
public static class TicketSelector
{
    /// <summary>Tolerance of the "within 1 %" ticket.</summary>
    public const double OnePercent = 0.01;
    /// <summary>Tolerance of the "within 5 %" ticket.</summary>
    public const double FivePercent = 0.05;

    /// <param name="rounds">Round 0 (dense) and any pruned rounds, in any order; failed rounds are simply absent.</param>
    /// <param name="tolerance">The spec's ticket tolerance (default 0: comparable or better).</param>
    /// <remarks>Round 0 never counts as a ticket: a search with no qualifying pruned round found no ticket.</remarks>
    public static TicketSelection Select(IReadOnlyList<RoundMetrics> rounds, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var dense = rounds.SingleOrDefault(round => round.Round == 0)
            ?? throw new ArgumentException("round 0 (dense) is required to select a ticket", nameof(rounds));
        return new TicketSelection(Sparsest(rounds, dense, tolerance), Sparsest(rounds, dense, OnePercent), Sparsest(rounds, dense, FivePercent));
    }

    /// <summary>Fewest non-zeros first; equal sparsity (only possible across searches) goes to the better metric, then the earlier round.</summary>
    private static RoundMetrics? Sparsest(IReadOnlyList<RoundMetrics> rounds, RoundMetrics dense, double tolerance) =>
        rounds.Where(round => round.Round > 0 && round.Matches(dense, tolerance))
            .OrderBy(round => round.RemainingFraction)
            .ThenByDescending(round => round.ValidationRecall)
            .ThenBy(round => round.Round)
            .FirstOrDefault();
}
