using Workflows.Contracts;
using Workflows.Lottery;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Recsys;

/// <summary>Round 0 of one (backbone, seed), trained once and shared by every strategy's search.</summary>
/// <param name="ResultPath"><c>result.json</c> of the dense job.</param>
public sealed record DenseRound(string Backbone, int Seed, string JobId, string ResultPath, double ValidationRecall, double WorkerSeconds);

/// <summary>How a search may dispatch jobs.</summary>
/// <param name="MaxParallelJobs">This search's share of the run's <see cref="RunSpec.MaxConcurrentJobs"/>.</param>
/// <param name="WorkerSecondsAllowance">Worker time this search may spend; null is unlimited.</param>
public sealed record SearchJobSettings(TimeSpan Deadline, JobPolicy Policy, int MaxParallelJobs, double? WorkerSecondsAllowance);

/// <summary>The input of <see cref="TicketSearch"/>.</summary>
/// <param name="ParentInstanceId">The run orchestration, which receives <see cref="SearchProgress"/> events.</param>
public sealed record TicketSearchInput(
    string RunId,
    string Key,
    string Backbone,
    string Strategy,
    int Seed,
    LotteryTicketSpec Spec,
    string PreparedDataset,
    long TotalEntries,
    DenseRound Dense,
    SearchJobSettings Jobs,
    string ParentInstanceId,
    int Generation);

public enum SearchState
{
    Completed,
    Failed,
    Cancelled,

    /// <summary>Stopped because its worker-time allowance was spent.</summary>
    BudgetSpent,

    /// <summary>Never started: the run was cancelled, failed fast, or ran out of budget first.</summary>
    Skipped,
}

/// <summary>One finished round as the control logic and the report index see it (headline numbers only).</summary>
public sealed record SearchRound(int Round, long NonZeros, double ValidationRecall);

/// <summary>The output of <see cref="TicketSearch"/>. Small: per-round details stay in each round's <c>result.json</c>.</summary>
/// <param name="Rounds">Finished rounds including round 0, in round order.</param>
/// <param name="WinningRound">The sparsest round within the spec's ticket tolerance (<see cref="TicketSelector"/>).</param>
public sealed record TicketSearchResult(
    string Key,
    string Backbone,
    string Strategy,
    int Seed,
    SearchState State,
    IReadOnlyList<SearchRound> Rounds,
    StopReason StopReason,
    string? Error,
    int JobsDone,
    int JobsFailed,
    double WorkerSeconds,
    int? WinningRound);

/// <summary>A search's progress, sent to the run after every finished round (event <see cref="Runs.RunEvents.SearchProgress"/>).</summary>
public sealed record SearchProgress(StepProgress Step, int JobsDone, int JobsFailed, double WorkerSeconds);

/// <summary>The input of <see cref="PrepareRecsysDataset"/>.</summary>
public sealed record PrepareRequest(string RunId, string ManifestPath, LotteryTicketSpec Spec);

/// <summary>What the report writer receives: the run's index; per-round numbers are read from each round's <c>result.json</c>.</summary>
/// <param name="Dense">Round 0 per (backbone, seed).</param>
/// <param name="StartedAt">Orchestration time at start.</param>
/// <param name="FinishedAt">Orchestration time when reporting.</param>
public sealed record LotteryTicketReportInput(
    string RunId,
    string Dataset,
    RunSpec Spec,
    RunState State,
    IReadOnlyList<string> Errors,
    PreparedRecsysDataset? Prepared,
    IReadOnlyList<DenseRound> Dense,
    IReadOnlyList<TicketSearchResult> Searches,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);
