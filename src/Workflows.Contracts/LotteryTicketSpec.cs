namespace Workflows.Contracts;

/// <summary>
/// A lottery-ticket study: one ticket search per (backbone × strategy × seed). Defaults are the study's protocol
/// (METHODS-recsys.md), except rounds and epochs, which default to a size that finishes on a CPU.
/// </summary>
public sealed record LotteryTicketSpec
{
    public IReadOnlyList<string> Backbones { get; init; } = [Recsys.Backbones.MatrixFactorization];

    public IReadOnlyList<string> Strategies { get; init; } = [PruningStrategies.Imp, PruningStrategies.Random];

    public IReadOnlyList<int> Seeds { get; init; } = [2020];

    /// <summary>Fraction of the remaining entries removed per round (IMP) or per sparsity level (OMP, random).</summary>
    public double PruningRate { get; init; } = 0.1;

    /// <summary>Pruning rounds after the dense round 0.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Stop early once the remaining fraction falls to or below this value.</summary>
    public double? TargetRemainingFraction { get; init; }

    /// <summary>Stop when validation Recall@20 stays below dense × (1 − tolerance) for <see cref="StopAfterRounds"/> rounds.</summary>
    public double StopTolerance { get; init; } = 0.05;

    public int StopAfterRounds { get; init; } = 2;

    /// <summary>A round is a winning ticket when its validation Recall@20 ≥ dense × (1 − tolerance).</summary>
    public double TicketTolerance { get; init; }

    public int EmbeddingSize { get; init; } = 32;

    public int Layers { get; init; } = 3;

    public int Epochs { get; init; } = 30;

    public int EvaluateEvery { get; init; } = 5;

    public int Patience { get; init; } = 5;

    public int BatchSize { get; init; } = 2048;

    public double LearningRate { get; init; } = 1e-3;

    public double L2 { get; init; } = 1e-4;

    /// <summary><c>xavier</c>, <c>normal-0.1</c> or <c>normal-1</c>.</summary>
    public string Init { get; init; } = "xavier";

    /// <summary><c>study</c> (validation split, select on validation) or <c>reference</c> (LightGCN-PyTorch parity).</summary>
    public string Protocol { get; init; } = "study";

    /// <summary><c>validation</c> or <c>test</c> (the study's original, optimistic protocol).</summary>
    public string Selection { get; init; } = "validation";

    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Epoch of the weights surviving entries rewind to (0 = initialisation; k = late rewinding).</summary>
    public int RewindEpoch { get; init; }

    public IReadOnlyList<int> TopK { get; init; } = [10, 20];

    public int SearchCount => Backbones.Count * Strategies.Count * Seeds.Count;

    public IReadOnlyList<ValidationError> Validate(string field)
    {
        var errors = new List<ValidationError>();
        CheckNames(errors, $"{field}.backbones", Backbones, Recsys.Backbones.All);
        CheckNames(errors, $"{field}.strategies", Strategies, PruningStrategies.All);
        if (Seeds.Count == 0)
        {
            errors.Add(new($"{field}.seeds", "at least one seed is required"));
        }
        else if (Seeds.Distinct().Count() != Seeds.Count)
        {
            errors.Add(new($"{field}.seeds", "seeds must be distinct"));
        }

        if (SearchCount > SizeLimits.MaxSearchesPerRun)
        {
            errors.Add(new(field, $"{SearchCount} ticket searches (backbones × strategies × seeds); the limit is {SizeLimits.MaxSearchesPerRun}"));
        }

        if ((long)SearchCount * (Rounds + 1) > SizeLimits.MaxJobsPerRun)
        {
            errors.Add(new(field, $"{(long)SearchCount * (Rounds + 1)} training jobs; the limit is {SizeLimits.MaxJobsPerRun}"));
        }

        Range(errors, $"{field}.pruningRate", PruningRate, 0.01, 0.9);
        Range(errors, $"{field}.rounds", Rounds, 0, 200);
        if (TargetRemainingFraction is { } target)
        {
            Range(errors, $"{field}.targetRemainingFraction", target, 1e-6, 1.0);
        }

        Range(errors, $"{field}.stopTolerance", StopTolerance, 0.0, 1.0);
        Range(errors, $"{field}.stopAfterRounds", StopAfterRounds, 1, 200);
        Range(errors, $"{field}.ticketTolerance", TicketTolerance, 0.0, 1.0);
        Range(errors, $"{field}.embeddingSize", EmbeddingSize, 1, 1024);
        Range(errors, $"{field}.layers", Layers, 1, 8);
        Range(errors, $"{field}.epochs", Epochs, 1, 10000);
        Range(errors, $"{field}.evaluateEvery", EvaluateEvery, 1, 10000);
        Range(errors, $"{field}.patience", Patience, 1, 10000);
        Range(errors, $"{field}.batchSize", BatchSize, 1, 1 << 20);
        Range(errors, $"{field}.learningRate", LearningRate, 1e-7, 10.0);
        Range(errors, $"{field}.l2", L2, 0.0, 10.0);
        Range(errors, $"{field}.validationFraction", ValidationFraction, 0.0, 0.5);
        Range(errors, $"{field}.rewindEpoch", RewindEpoch, 0, Epochs);
        CheckNames(errors, $"{field}.init", [Init], ["xavier", "normal-0.1", "normal-1"]);
        CheckNames(errors, $"{field}.protocol", [Protocol], ["study", "reference"]);
        CheckNames(errors, $"{field}.selection", [Selection], ["validation", "test"]);
        if (TopK.Count == 0 || TopK.Any(k => k is < 1 or > 1000))
        {
            errors.Add(new($"{field}.topK", "must list cut-offs between 1 and 1000"));
        }
        else if (!TopK.Contains(20))
        {
            errors.Add(new($"{field}.topK", "must include 20: tickets are selected on Recall@20"));
        }

        return errors;
    }

    private static void CheckNames(List<ValidationError> errors, string field, IReadOnlyList<string> values, IReadOnlyList<string> known)
    {
        if (values.Count == 0)
        {
            errors.Add(new(field, $"at least one is required; expected any of {string.Join(", ", known)}"));
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (!known.Contains(values[i]))
            {
                string at = values.Count == 1 && !field.EndsWith('s') ? field : $"{field}[{i}]";
                errors.Add(new(at, $"'{values[i]}' is unknown; expected one of {string.Join(", ", known)}"));
            }
        }

        if (values.Distinct().Count() != values.Count)
        {
            errors.Add(new(field, "values must be distinct"));
        }
    }

    private static void Range(List<ValidationError> errors, string field, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add(new(field, $"{value} is outside [{min}, {max}]"));
        }
    }
}

/// <summary>Names of recommender backbones.</summary>
public static class Recsys
{
    public static class Backbones
    {
        public const string MatrixFactorization = "mf";
        public const string LightGcn = "lightgcn";

        public static IReadOnlyList<string> All { get; } = [MatrixFactorization, LightGcn];
    }
}

/// <summary>Names of pruning strategies (METHODS-recsys.md, "Baselines and variants").</summary>
public static class PruningStrategies
{
    public const string Imp = "imp";
    public const string OneShot = "omp";
    public const string Random = "random";
    public const string ImpNoRewind = "imp-no-rewind";

    public static IReadOnlyList<string> All { get; } = [Imp, OneShot, Random, ImpNoRewind];

    /// <summary>IMP variants prune the previous round's result, so their rounds run in sequence; the others fan out after round 0.</summary>
    public static bool IsSequential(string strategy) => strategy is Imp or ImpNoRewind;
}
