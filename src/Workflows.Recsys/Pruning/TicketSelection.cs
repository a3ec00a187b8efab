namespace Workflows.Recsys.Pruning;

/// <summary>What the selection needs to know about one finished round.</summary>
/// <param name="Round">Round index (0 = dense).</param>
/// <param name="RemainingFraction">Remaining weights / total.</param>
/// <param name="ValidationRecall">Validation Recall@20 of the round's selected checkpoint.</param>
public sealed record RoundOutcome(int Round, double RemainingFraction, double ValidationRecall);

/// <summary>The tickets a search reports; each is null when no round qualifies.</summary>
/// <param name="Winning">Sparsest round with validation Recall@20 ≥ dense × (1 − tolerance).</param>
/// <param name="Within1Percent">Sparsest round within 1 % of dense.</param>
/// <param name="Within5Percent">Sparsest round within 5 % of dense.</param>
public sealed record TicketSelection(RoundOutcome? Winning, RoundOutcome? Within1Percent, RoundOutcome? Within5Percent);

/// <summary>
/// Winning-ticket selection and the stop rule, both on VALIDATION metrics only (pure functions).
/// </summary>
public static class TicketSelector
{
    /// <summary>Selects the tickets from rounds that include round 0 (dense).</summary>
    /// <exception cref="ArgumentException">Round 0 is missing.</exception>
    public static TicketSelection Select(IReadOnlyList<RoundOutcome> rounds, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var dense = rounds.FirstOrDefault(r => r.Round == 0) ?? throw new ArgumentException("Round 0 (dense) is required to select a ticket.", nameof(rounds));
        return new TicketSelection(Sparsest(rounds, dense, tolerance), Sparsest(rounds, dense, 0.01), Sparsest(rounds, dense, 0.05));
    }

    /// <summary>
    /// Whether a sequential search should stop: the last <paramref name="patienceRounds"/> rounds all fell below
    /// dense × (1 − tolerance), or the last round reached <paramref name="targetRemainingFraction"/>.
    /// </summary>
    public static bool ShouldStop(IReadOnlyList<RoundOutcome> rounds, double tolerance, int patienceRounds, double targetRemainingFraction)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patienceRounds);
        var dense = rounds.FirstOrDefault(r => r.Round == 0);
        if (dense is null || rounds.Count == 0)
        {
            return false;
        }

        var ordered = rounds.OrderBy(r => r.Round).ToList();
        if (ordered[^1].RemainingFraction <= targetRemainingFraction)
        {
            return true;
        }

        var threshold = dense.ValidationRecall * (1 - tolerance);
        var sparse = ordered.Where(r => r.Round > 0).ToList();
        return sparse.Count >= patienceRounds && sparse.TakeLast(patienceRounds).All(r => r.ValidationRecall < threshold);
    }

    private static RoundOutcome? Sparsest(IReadOnlyList<RoundOutcome> rounds, RoundOutcome dense, double tolerance)
    {
        var threshold = dense.ValidationRecall * (1 - tolerance);
        return rounds.Where(r => r.ValidationRecall >= threshold)
            .OrderBy(r => r.RemainingFraction)
            .ThenBy(r => r.Round)
            .FirstOrDefault();
    }
}
