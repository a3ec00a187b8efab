namespace Workflows.Contracts;

public enum RunState
{
    Pending,
    Running,
    Completed,
    CompletedWithFailures,
    Failed,
    Cancelled,
}

public static class RunStates
{
    /// <summary>The run has ended, whatever its outcome: it dispatches nothing more.</summary>
    public static bool IsFinished(this RunState state) => state is RunState.Completed or RunState.CompletedWithFailures or RunState.Failed or RunState.Cancelled;
}

/// <summary>What <c>GET /api/runs/{runId}</c> returns.</summary>
public sealed record RunStatus
{
    public required string RunId { get; init; }

    public required string Dataset { get; init; }

    public required ExperimentFamily Family { get; init; }

    public required RunState State { get; init; }

    /// <summary>Human-readable step, e.g. <c>validating</c>, <c>training</c>, <c>reporting</c>.</summary>
    public required string Phase { get; init; }

    public RunProgress Progress { get; init; } = new();

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? LastUpdatedAt { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Relative links: <c>self</c>, <c>report</c>, <c>jobs</c>, ...</summary>
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
}

/// <summary>Progress kept in the orchestration's custom status; bounded by <see cref="SizeLimits.MaxCustomStatusBytes"/>.</summary>
public sealed record RunProgress
{
    public string Phase { get; init; } = "pending";

    public int JobsDone { get; init; }

    public int JobsFailed { get; init; }

    public int JobsTotal { get; init; }

    public double WorkerSeconds { get; init; }

    /// <summary>Worker time so far by job kind (<see cref="JobKinds"/>): what the run has cost, as its report will account it.</summary>
    public IReadOnlyDictionary<string, double> WorkerSecondsByKind { get; init; } = new Dictionary<string, double>();

    /// <summary>One entry per ticket search or prediction wave.</summary>
    public IReadOnlyList<StepProgress> Steps { get; init; } = [];

    public IReadOnlyList<string> Errors { get; init; } = [];
}

/// <summary>Progress of one ticket search (key = backbone-strategy-seed) or one prediction wave.</summary>
public sealed record StepProgress
{
    public required string Key { get; init; }

    public string State { get; init; } = "pending";

    public int Done { get; init; }

    public int Total { get; init; }

    /// <summary>Remaining-weight fraction of the latest finished round.</summary>
    public double? RemainingFraction { get; init; }

    /// <summary>Best (or latest) headline metric, e.g. validation Recall@20.</summary>
    public double? Metric { get; init; }
}
