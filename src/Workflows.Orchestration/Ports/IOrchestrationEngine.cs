namespace Workflows.Orchestration.Ports;

/// <summary>
/// The one door from application services to the durable engine. Two adapters: DurableTaskClient (Functions app) and
/// DurableTask.Core's TaskHubClient (standalone host).
/// </summary>
public interface IOrchestrationEngine
{
    /// <summary>Schedules an instance unless one with that id exists in a status not listed in <see cref="ScheduleRequest.ReplaceableStatuses"/>.</summary>
    Task<ScheduleResult> ScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken);

    /// <summary>State with serialized input, output and custom status; null when no such instance exists.</summary>
    Task<EngineInstance?> GetAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<EngineInstance>> ListAsync(EngineQuery query, CancellationToken cancellationToken);

    Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken);

    Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken);

    /// <summary>Deletes the instance's history (and that of its sub-orchestrations where the backend supports it).</summary>
    Task PurgeAsync(string instanceId, CancellationToken cancellationToken);
}

public enum EngineStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
    Suspended,
}

/// <param name="ReplaceableStatuses">Existing instances in these statuses are replaced (e.g. Failed and Terminated for a retry); any other existing instance makes the call a no-op.</param>
public sealed record ScheduleRequest(string OrchestrationName, string InstanceId, object Input, IReadOnlyCollection<EngineStatus> ReplaceableStatuses)
{
    public static IReadOnlyCollection<EngineStatus> NeverReplace { get; } = [];
}

public enum ScheduleResult
{
    Started,
    AlreadyExists,
}

public sealed record EngineInstance(
    string InstanceId,
    string Name,
    EngineStatus Status,
    string? SerializedInput,
    string? SerializedOutput,
    string? SerializedCustomStatus,
    string? FailureMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt);

public sealed record EngineQuery(string? InstanceIdPrefix = null, IReadOnlyCollection<EngineStatus>? Statuses = null, DateTimeOffset? CreatedFrom = null, int PageSize = 100);
