using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Query;
using Workflows.Orchestration.Ports;

namespace Workflows.DurableCore;

/// <summary>
/// The engine port over DurableTask.Core's <see cref="TaskHubClient"/> (and the backend's query and purge clients).
/// Inputs and event payloads are serialized with the contracts' JSON dialect, the same one the shimmed tasks read.
/// </summary>
internal sealed class TaskHubClientEngine(TaskHubClient client, IOrchestrationServiceQueryClient query, IOrchestrationServicePurgeClient purge) : IOrchestrationEngine
{
    private static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();

    public async Task<ScheduleResult> ScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken)
    {
        var replaceable = request.ReplaceableStatuses.SelectMany(ToCore).ToHashSet();
        var dedupe = AllStatuses.Where(status => !replaceable.Contains(status)).ToArray();
        // The backend's dedupe check runs against the instance table; check first so an existing instance is a cheap no-op.
        if (await GetAsync(request.InstanceId, cancellationToken) is { } existing && !request.ReplaceableStatuses.Contains(existing.Status))
        {
            return ScheduleResult.AlreadyExists;
        }

        try
        {
            await client.CreateOrchestrationInstanceAsync(request.OrchestrationName, version: "", request.InstanceId, request.Input, tags: null, dedupe);
            return ScheduleResult.Started;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return ScheduleResult.AlreadyExists;
        }
    }

    public async Task<EngineInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await client.GetOrchestrationStateAsync(instanceId);
        return state is null ? null : Map(state);
    }

    public async Task<IReadOnlyList<EngineInstance>> ListAsync(EngineQuery engineQuery, CancellationToken cancellationToken)
    {
        var coreQuery = new OrchestrationQuery
        {
            InstanceIdPrefix = engineQuery.InstanceIdPrefix,
            RuntimeStatus = engineQuery.Statuses?.SelectMany(ToCore).ToList(),
            CreatedTimeFrom = engineQuery.CreatedFrom?.UtcDateTime,
            PageSize = engineQuery.PageSize,
            FetchInputsAndOutputs = true,
        };
        var result = await query.GetOrchestrationWithQueryAsync(coreQuery, cancellationToken);
        return result.OrchestrationState.Select(Map).ToList();
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, payload);

    public Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    /// <remarks>Sub-orchestration ids start with the run id and a dot (<see cref="Workflows.Contracts.Identifiers.JobId"/>); they are purged with it.</remarks>
    public async Task PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var children = await ListAsync(new EngineQuery(InstanceIdPrefix: $"{instanceId}.", PageSize: 1000), cancellationToken);
        foreach (var child in children)
        {
            await purge.PurgeInstanceStateAsync(child.InstanceId);
        }

        await purge.PurgeInstanceStateAsync(instanceId);
    }

    private static EngineInstance Map(OrchestrationState state) => new(
        state.OrchestrationInstance.InstanceId,
        state.Name,
        FromCore(state.OrchestrationStatus),
        state.Input,
        state.Output,
        state.Status,
        state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage ?? state.Output : null,
        new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)));

    private static EngineStatus FromCore(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Pending => EngineStatus.Pending,
        OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew => EngineStatus.Running,
        OrchestrationStatus.Completed => EngineStatus.Completed,
        OrchestrationStatus.Suspended => EngineStatus.Suspended,
        OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => EngineStatus.Terminated,
        _ => EngineStatus.Failed,
    };

    private static IEnumerable<OrchestrationStatus> ToCore(EngineStatus status) => status switch
    {
        EngineStatus.Pending => [OrchestrationStatus.Pending],
        EngineStatus.Running => [OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew],
        EngineStatus.Completed => [OrchestrationStatus.Completed],
        EngineStatus.Failed => [OrchestrationStatus.Failed],
        EngineStatus.Terminated => [OrchestrationStatus.Terminated, OrchestrationStatus.Canceled],
        EngineStatus.Suspended => [OrchestrationStatus.Suspended],
        _ => [],
    };
}
