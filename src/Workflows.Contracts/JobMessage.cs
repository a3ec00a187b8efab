using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflows.Contracts;

/// <summary>Job kinds a worker handles.</summary>
public static class JobKinds
{
    /// <summary>Train one lottery-ticket round from the rewind point under a mask, evaluate, compute the next mask.</summary>
    public const string RecsysTrainRound = "recsys.train-round";

    public const string CosmoTrain = "cosmo.train";

    public const string CosmoPredictTiles = "cosmo.predict-tiles";

    /// <summary>Does nothing but follow the job protocol; measures the platform's own overhead.</summary>
    public const string NoOp = "platform.no-op";
}

/// <summary>
/// The Service Bus body of a job. Small by construction: it references blobs and never carries data.
/// </summary>
public sealed record JobMessage
{
    public required string JobId { get; init; }

    public required string RunId { get; init; }

    /// <summary>The orchestration instance that awaits the outcome (a sub-orchestration of the run).</summary>
    public required string InstanceId { get; init; }

    public required string Kind { get; init; }

    /// <summary>1-based dispatch attempt; each attempt writes its artifacts to its own folder.</summary>
    public required int Attempt { get; init; }

    /// <summary>
    /// The first attempt of this execution of the job. A retried run continues a job's attempt numbers after those of the
    /// earlier execution; only failures from this attempt on count against the retry budget.
    /// </summary>
    public int FirstAttempt { get; init; } = 1;

    /// <summary>Named input blobs, e.g. <c>dataset</c> → <c>runs/{runId}/prepared/dataset.bin</c>.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Kind-specific parameters (a small JSON object).</summary>
    /// <remarks>Left out when unset: an undefined <see cref="JsonElement"/> cannot be written.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Parameters { get; init; }

    public required DateTimeOffset Deadline { get; init; }

    /// <summary>W3C trace context of the dispatching span.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>The Service Bus message id: a retried send of one attempt deduplicates, a new attempt does not.</summary>
    public string MessageId => $"{JobId}#{Attempt}";

    public T ParametersAs<T>() => Parameters.ValueKind == JsonValueKind.Undefined
        ? throw new ContractValidationException($"job {JobId}", [new ValidationError("parameters", "missing")])
        : ContractJson.Deserialize<T>(Parameters.GetRawText(), $"job {JobId} parameters");

    public static JsonElement ToParameters<T>(T parameters) => JsonSerializer.SerializeToElement(parameters, ContractJson.Options);
}

public enum JobStatus
{
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>The Storage-queue body a worker publishes when an attempt ends, and the payload of the orchestration event.</summary>
public sealed record JobOutcome
{
    public required string JobId { get; init; }

    public required string RunId { get; init; }

    public required string InstanceId { get; init; }

    public required int Attempt { get; init; }

    public required JobStatus Status { get; init; }

    /// <summary><c>runs/{runId}/jobs/{jobId}/result.json</c> when succeeded.</summary>
    public string? ResultPath { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Truncated to <see cref="SizeLimits.MaxErrorChars"/>; the full exception is in the attempt's log blob.</summary>
    public string? Error { get; init; }

    public required string WorkerId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public double WorkerSeconds => Math.Max(0, (FinishedAt - StartedAt).TotalSeconds);

    /// <summary>The external event an orchestration waits on for this job.</summary>
    public static string EventName(string jobId) => $"job-outcome:{jobId}";

    public static string TruncateError(string error) =>
        error.Length <= SizeLimits.MaxErrorChars ? error : error[..(SizeLimits.MaxErrorChars - 1)] + "…";
}

/// <summary><c>result.json</c>: written last, once, by the attempt that succeeded.</summary>
public sealed record JobResult
{
    public required string JobId { get; init; }

    public required string RunId { get; init; }

    public required string Kind { get; init; }

    public required int Attempt { get; init; }

    public required string WorkerId { get; init; }

    /// <summary>
    /// What the attempt ran on, as the worker describes its device: <c>cpu</c>, <c>cuda</c>, or <c>cuda (A100)</c> when the
    /// worker is configured with a GPU type. Null in results written before workers recorded it.
    /// </summary>
    public string? Device { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Named artifact blobs of the winning attempt.</summary>
    public IReadOnlyDictionary<string, string> Artifacts { get; init; } = new Dictionary<string, string>();

    /// <summary>Kind-specific summary (e.g. per-epoch curves), kept small.</summary>
    /// <remarks>Left out when unset: an undefined <see cref="JsonElement"/> cannot be written.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Details { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }
}

/// <summary><c>progress.json</c>: the heartbeat of a running attempt.</summary>
public sealed record JobProgress
{
    public required string JobId { get; init; }

    public required int Attempt { get; init; }

    public required string WorkerId { get; init; }

    public int Epoch { get; init; }

    public int TotalEpochs { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public required DateTimeOffset UpdatedAt { get; init; }
}
