namespace Workflows.Recsys.Pruning;

/// <summary>One round of a sparsity schedule.</summary>
/// <param name="Round">Round index; 0 is dense.</param>
/// <param name="Remaining">Unpruned entries during this round.</param>
/// <param name="PrunedThisRound">Entries removed when going from round − 1 to this round.</param>
/// <param name="RemainingFraction">Remaining / total.</param>
public sealed record ScheduledRound(int Round, long Remaining, long PrunedThisRound, double RemainingFraction);

/// <summary>
/// Pure planning of how many entries remain in each round: round r removes exactly ⌊p·n⌉ (round half away from
/// zero) of the n entries left after round r − 1, so the remaining fraction is ≈ (1 − p)^r. IMP, OMP and random
/// use the same counts, so their rounds are comparable.
/// </summary>
public sealed class SparsitySchedule
{
    /// <summary>Plans for <paramref name="totalWeights"/> entries at pruning rate <paramref name="rate"/>.</summary>
    public SparsitySchedule(long totalWeights, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalWeights);
        if (rate is <= 0 or >= 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The pruning rate must be in (0, 1).");
        }

        TotalWeights = totalWeights;
        Rate = rate;
    }

    /// <summary>Entries of the embedding table.</summary>
    public long TotalWeights { get; }

    /// <summary>Fraction of the remaining entries removed per round.</summary>
    public double Rate { get; }

    /// <summary>Entries removed from <paramref name="remaining"/> in one round.</summary>
    public long PruneCount(long remaining) => (long)Math.Round(Rate * remaining, MidpointRounding.AwayFromZero);

    /// <summary>The schedule of rounds 0..<paramref name="round"/>; the last entry describes <paramref name="round"/>.</summary>
    public IReadOnlyList<ScheduledRound> Plan(int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        var rounds = new List<ScheduledRound>(round + 1) { new(0, TotalWeights, 0, 1.0) };
        var remaining = TotalWeights;
        for (var r = 1; r <= round; r++)
        {
            var pruned = PruneCount(remaining);
            remaining -= pruned;
            rounds.Add(new ScheduledRound(r, remaining, pruned, remaining / (double)TotalWeights));
        }

        return rounds;
    }

    /// <summary>The schedule entry of <paramref name="round"/>.</summary>
    public ScheduledRound At(int round) => Plan(round)[^1];

    /// <summary>The first round whose remaining fraction is at most <paramref name="targetRemainingFraction"/>.</summary>
    public int RoundsToReach(double targetRemainingFraction)
    {
        if (targetRemainingFraction is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(targetRemainingFraction), targetRemainingFraction, "The target must be in (0, 1].");
        }

        var remaining = TotalWeights;
        var round = 0;
        while (remaining / (double)TotalWeights > targetRemainingFraction)
        {
            var pruned = PruneCount(remaining);
            if (pruned == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(targetRemainingFraction), targetRemainingFraction, "The target cannot be reached: rounds stop removing entries.");
            }

            remaining -= pruned;
            round++;
        }

        return round;
    }
}
