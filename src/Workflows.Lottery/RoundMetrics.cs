namespace Workflows.Lottery;

/// <summary>What the control logic needs to know about one finished round (validation metrics only decide).</summary>
/// <param name="Round">0 is dense.</param>
/// <param name="RemainingEntries">Exact non-zeros of the round's mask.</param>
/// <param name="TotalEntries">Entries of the whole table.</param>
/// <param name="ValidationRecall">Validation Recall@20 of the round's selected checkpoint.</param>
public sealed record RoundMetrics(int Round, long RemainingEntries, long TotalEntries, double ValidationRecall)
{
    /// <summary>‖M‖₀ / |X|.</summary>
    public double RemainingFraction => (double)RemainingEntries / TotalEntries;

    /// <summary>Whether this round is at least <paramref name="dense"/> × (1 − <paramref name="tolerance"/>) on validation.</summary>
    public bool Matches(RoundMetrics dense, double tolerance) => ValidationRecall >= Threshold(dense, tolerance);

    internal static double Threshold(RoundMetrics dense, double tolerance) => dense.ValidationRecall * (1 - tolerance);
}
