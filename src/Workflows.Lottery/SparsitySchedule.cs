namespace Workflows.Lottery;

/// <summary>One level of a sparsity schedule: how many entries of the table remain unpruned.</summary>
/// <param name="Round">0 is the dense round.</param>
/// <param name="RemainingEntries">Exact number of unpruned entries (the ticket's non-zeros).</param>
/// <param name="PrunedThisRound">Entries removed going from round − 1 to this round (0 for round 0).</param>
/// <param name="TotalEntries">Entries of the whole table.</param>
public readonly record struct SparsityLevel(int Round, long RemainingEntries, long PrunedThisRound, long TotalEntries)
{
    /// <summary>‖M‖₀ / |X|.</summary>
    public double RemainingFraction => (double)RemainingEntries / TotalEntries;
}

/// <summary>
/// The pruning schedule shared by every strategy: round r removes exactly ⌊p·n⌉ of the n entries left after round r − 1
/// (METHODS-recsys.md), so IMP, OMP and random compare at identical non-zero counts.
/// </summary>
/// <remarks>
/// ⌊x⌉ rounds half away from zero, computed in <see cref="decimal"/>: p·n in binary floating point lands just below or
/// above an exact .5 depending on p and n (0.3 × 5 = 1.4999999999999998), which would make tie-breaking depend on
/// representation error instead of the rule.
/// </remarks>
public static class SparsitySchedule
{
    /// <summary>Entries removed when pruning the fraction <paramref name="rate"/> of <paramref name="remaining"/> entries.</summary>
    public static long EntriesToRemove(long remaining, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remaining);
        CheckRate(rate);
        return (long)Math.Round((decimal)rate * remaining, MidpointRounding.AwayFromZero);
    }

    /// <summary>Levels 0..<paramref name="rounds"/> (level 0 is dense), stopping early if a round would remove nothing.</summary>
    public static IReadOnlyList<SparsityLevel> Levels(long totalEntries, double rate, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalEntries);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        CheckRate(rate);
        var levels = new List<SparsityLevel>(rounds + 1) { new(0, totalEntries, 0, totalEntries) };
        long remaining = totalEntries;
        for (int round = 1; round <= rounds; round++)
        {
            long pruned = EntriesToRemove(remaining, rate);
            if (pruned == 0)
            {
                break;
            }

            remaining -= pruned;
            levels.Add(new SparsityLevel(round, remaining, pruned, totalEntries));
        }

        return levels;
    }

    /// <summary>The level of <paramref name="round"/>; the schedule must still remove entries up to that round.</summary>
    public static SparsityLevel At(long totalEntries, double rate, int round)
    {
        var levels = Levels(totalEntries, rate, round);
        return levels.Count == round + 1
            ? levels[^1]
            : throw new ArgumentOutOfRangeException(nameof(round), round, $"pruning {totalEntries} entries at rate {rate} stops removing entries after round {levels.Count - 1}");
    }

    /// <summary>
    /// The levels a search runs: rounds 0..<paramref name="rounds"/>, cut after the first level whose remaining fraction is
    /// at or below <paramref name="targetRemainingFraction"/> (that level is kept: it is the target).
    /// </summary>
    public static IReadOnlyList<SparsityLevel> Plan(long totalEntries, double rate, int rounds, double? targetRemainingFraction)
    {
        var levels = Levels(totalEntries, rate, rounds);
        if (targetRemainingFraction is not { } target)
        {
            return levels;
        }

        int reached = levels.ToList().FindIndex(level => level.RemainingFraction <= target);
        return reached < 0 ? levels : levels.Take(reached + 1).ToList();
    }

    private static void CheckRate(double rate)
    {
        if (!(rate > 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "the pruning rate must be in (0, 1)");
        }
    }
}
