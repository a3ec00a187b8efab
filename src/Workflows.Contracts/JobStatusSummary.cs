namespace Workflows.Contracts;

public enum JobState
{
    /// <summary>An attempt has written a heartbeat and no result yet.</summary>
    Running,

    /// <summary><c>result.json</c> exists.</summary>
    Succeeded,

    /// <summary>The latest attempt failed; a retry may follow within the retry budget.</summary>
    Failed,

    /// <summary>The run was cancelled before the job produced a result; workers stop such jobs between epochs.</summary>
    Cancelled,
}

/// <summary>
/// One job of a run as <c>GET /api/runs/{runId}/jobs</c> shows it, read from the job's blobs: <c>result.json</c>,
/// <c>progress.json</c> (the last heartbeat) and <c>attempts.json</c> (the failed attempts).
/// </summary>
public sealed record JobStatusSummary
{
    public required string JobId { get; init; }

    public required JobState State { get; init; }

    /// <summary>The latest attempt known: the one that succeeded, else the latest heartbeat's or failure's.</summary>
    public required int Attempt { get; init; }

    /// <summary>The worker of <see cref="Attempt"/>.</summary>
    public required string WorkerId { get; init; }

    public IReadOnlyList<AttemptFailure> Failures { get; init; } = [];

    /// <summary>Time of the last heartbeat; null when no attempt wrote one.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    public int? Epoch { get; init; }

    public int? TotalEpochs { get; init; }

    /// <summary>The result's metrics once succeeded, else those of the last heartbeat.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public string? ResultPath { get; init; }
}
