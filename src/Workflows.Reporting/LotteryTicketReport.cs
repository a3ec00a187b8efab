using Workflows.Contracts;
using Workflows.Orchestration.Recsys;

namespace Workflows.Reporting;

/// <summary>
/// <c>report.json</c> of a lottery-ticket run. Extensible by adding members: readers must ignore what they do not know,
/// and <see cref="Schema"/> changes only when a member changes meaning.
/// </summary>
public sealed record LotteryTicketReport
{
    public const string SchemaV1 = "workflows/lottery-ticket-report/v1";

    public string Schema { get; init; } = SchemaV1;

    public required string RunId { get; init; }

    public required string Dataset { get; init; }

    public required RunState State { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Sum of worker time over every round's result.</summary>
    public required double WorkerSeconds { get; init; }

    /// <summary>Where the worker time went: per job kind, with the devices the jobs ran on.</summary>
    public required RunAccounting Accounting { get; init; }

    public required RunSpec Spec { get; init; }

    public PreparedDatasetSection? PreparedDataset { get; init; }

    public required IReadOnlyList<RoundReport> Dense { get; init; }

    public required IReadOnlyList<SearchReport> Searches { get; init; }

    /// <summary>Per (backbone, seed): dense against each strategy's winning ticket.</summary>
    public required IReadOnlyList<ComparisonRow> Comparison { get; init; }

    public required Provenance Provenance { get; init; }

    /// <summary>The plots written beside the report, paths relative to the report's folder.</summary>
    public IReadOnlyList<PlotReference> Plots { get; init; } = [];
}

/// <param name="TotalEntries">Entries of the joint embedding table ((users + items) × d): the denominator of every remaining fraction.</param>
public sealed record PreparedDatasetSection(string Blob, int Users, int Items, long TrainInteractions, long ValidationInteractions, long TestInteractions, int DroppedTestUsers, long TotalEntries);

/// <summary>One round: the numbers of its <c>result.json</c>.</summary>
public sealed record RoundReport
{
    public required int Round { get; init; }

    public required string JobId { get; init; }

    public string? Backbone { get; init; }

    public int? Seed { get; init; }

    public required double RemainingFraction { get; init; }

    /// <summary>Exact non-zeros of the round's mask.</summary>
    public required long NonZeros { get; init; }

    public double? ValidationRecall20 { get; init; }

    public double? ValidationNdcg20 { get; init; }

    public double? TestRecall20 { get; init; }

    public double? TestNdcg20 { get; init; }

    public int? Attempt { get; init; }

    public string? WorkerId { get; init; }

    public double WorkerSeconds { get; init; }

    /// <summary>Every metric the job reported.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Epochs, phase timings, device and training curves from the job's result; null when it reported none.</summary>
    public TrainRoundDetails? Training { get; init; }
}

public sealed record SearchReport
{
    public required string Key { get; init; }

    public required string Backbone { get; init; }

    public required string Strategy { get; init; }

    public required int Seed { get; init; }

    public required string State { get; init; }

    public required string StopReason { get; init; }

    public string? Error { get; init; }

    public required double WorkerSeconds { get; init; }

    /// <summary>Round 0 (the shared dense round) and every finished pruned round.</summary>
    public required IReadOnlyList<RoundReport> Rounds { get; init; }

    public required TicketsReport Tickets { get; init; }
}

/// <summary>Chosen on validation Recall@20 (<see cref="Lottery.TicketSelector"/>); null when no pruned round qualifies.</summary>
public sealed record TicketsReport(double Tolerance, RoundReport? Winning, RoundReport? Within1Percent, RoundReport? Within5Percent);

public sealed record ComparisonRow(string Backbone, int Seed, RoundReport? Dense, IReadOnlyList<StrategyTicket> Strategies);

public sealed record StrategyTicket(string Strategy, string State, RoundReport? Winning, RoundReport? Sparsest);

/// <summary>
/// How the run was produced, to reproduce and audit it (DESIGN.md, "Reports and provenance"); the resolved spec is the
/// report's <see cref="LotteryTicketReport.Spec"/>, worker time per job kind its <see cref="LotteryTicketReport.Accounting"/>.
/// </summary>
/// <param name="GeneratedBy">The report writer and its version (<c>{version}+{git commit}</c>).</param>
public sealed record Provenance(string GeneratedBy, IReadOnlyList<int> Seeds, string Selection, string Protocol, IReadOnlyList<string> Workers)
{
    /// <summary>Every Workflows version (<c>{version}+{git commit}</c>) a round was trained with.</summary>
    public IReadOnlyList<string> CodeVersions { get; init; } = [];

    /// <summary>Every version of each package (TorchSharp) and native library (libtorch) a round was trained with.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Packages { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Every device a round was trained on (<c>cpu</c>, <c>cuda:0</c>).</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>The content hash storage reported for each file of the dataset when the report was written.</summary>
    public IReadOnlyList<FileFingerprint> DatasetFiles { get; init; } = [];

    /// <summary><see cref="Identifiers.DatasetContentHash"/> of <see cref="DatasetFiles"/> (what a promoted model records).</summary>
    public string? DatasetContentHash { get; init; }
}

/// <param name="Png">Path of the PNG relative to the report's folder.</param>
/// <param name="Svg">Path of the SVG relative to the report's folder.</param>
/// <param name="Width">Pixels.</param>
/// <param name="Height">Pixels.</param>
public sealed record PlotReference(string Title, string Png, string Svg, int Width, int Height);
