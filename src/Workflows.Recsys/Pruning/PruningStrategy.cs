namespace Workflows.Recsys.Pruning;

/// <summary>The ticket-search strategies of the method (spec names in brackets).</summary>
public enum PruningStrategy
{
    /// <summary>[<c>imp</c>] Iterative magnitude pruning with rewinding; rounds run in sequence.</summary>
    Imp,

    /// <summary>[<c>omp</c>] One-shot: prune the dense round-0 weights straight to each level, rewind, retrain; levels are independent.</summary>
    Omp,

    /// <summary>[<c>random</c>] A uniformly random mask at each level's count, weights from a different seed; levels are independent.</summary>
    Random,

    /// <summary>[<c>imp-no-rewind</c>] As IMP, but continue from the previous round's trained weights instead of rewinding.</summary>
    ImpNoRewind,
}

/// <summary>Spec names of <see cref="PruningStrategy"/>.</summary>
public static class PruningStrategies
{
    /// <summary>Parses <c>imp</c>, <c>omp</c>, <c>random</c>, <c>imp-no-rewind</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static PruningStrategy Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "imp" => PruningStrategy.Imp,
        "omp" => PruningStrategy.Omp,
        "random" => PruningStrategy.Random,
        "imp-no-rewind" => PruningStrategy.ImpNoRewind,
        _ => throw new ArgumentException($"Unknown strategy '{name}'; expected imp, omp, random or imp-no-rewind.", nameof(name)),
    };

    /// <summary>The spec name of <paramref name="strategy"/>.</summary>
    public static string ToSpecName(this PruningStrategy strategy) => strategy switch
    {
        PruningStrategy.Imp => "imp",
        PruningStrategy.Omp => "omp",
        PruningStrategy.Random => "random",
        PruningStrategy.ImpNoRewind => "imp-no-rewind",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    /// <summary>Whether round r needs round r − 1 (IMP variants) rather than only round 0 (OMP, random).</summary>
    public static bool IsSequential(this PruningStrategy strategy) => strategy is PruningStrategy.Imp or PruningStrategy.ImpNoRewind;
}
