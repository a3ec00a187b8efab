using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Tests.Support;

/// <summary>
/// The engine port over the SDK's <see cref="DurableTaskClient"/> (as the Functions app will use it), here against
/// InProcessTestHost. Inputs and payloads are pre-serialized in the contracts' dialect, so the client's own converter
/// passes them through unchanged.
/// </summary>
internal sealed class DurableTaskClientEngine(DurableTaskClient client) : IOrchestrationEngine
{
    public async Task<ScheduleResult> ScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken)
    {
        if (await GetAsync(request.InstanceId, cancellationToken) is { } existing && !request.ReplaceableStatuses.Contains(existing.Status))
        {
            return ScheduleResult.AlreadyExists;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(request.OrchestrationName, Contract(request.Input),
            new StartOrchestrationOptions(request.InstanceId), cancellationToken);
        return ScheduleResult.Started;
    }

    public async Task<EngineInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return metadata is null ? null : Map(metadata);
    }

    public async Task<IReadOnlyList<EngineInstance>> ListAsync(EngineQuery query, CancellationToken cancellationToken)
    {
        var instances = new List<EngineInstance>();
        await foreach (var metadata in client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = query.InstanceIdPrefix,
            CreatedFrom = query.CreatedFrom,
            PageSize = query.PageSize,
            FetchInputsAndOutputs = true,
        }))
        {
            instances.Add(Map(metadata));
            if (instances.Count >= query.PageSize)
            {
                break;
            }
        }

        return instances.Where(i => query.Statuses is null || query.Statuses.Contains(i.Status)).ToList();
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, eventName, Contract(payload), cancellationToken);

    public Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        client.TerminateInstanceAsync(instanceId, reason, cancellationToken);

    public Task PurgeAsync(string instanceId, CancellationToken cancellationToken) => client.PurgeInstanceAsync(instanceId, cancellationToken);

    private static JsonElement Contract(object value) => JsonSerializer.SerializeToElement(value, value.GetType(), WorkflowsDataConverter.Options);

    private static EngineInstance Map(OrchestrationMetadata metadata) => new(
        metadata.InstanceId,
        metadata.Name,
        metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => EngineStatus.Pending,
            OrchestrationRuntimeStatus.Running => EngineStatus.Running,
            OrchestrationRuntimeStatus.Completed => EngineStatus.Completed,
            OrchestrationRuntimeStatus.Suspended => EngineStatus.Suspended,
            OrchestrationRuntimeStatus.Terminated => EngineStatus.Terminated,
            _ => EngineStatus.Failed,
        },
        metadata.SerializedInput,
        metadata.SerializedOutput,
        metadata.SerializedCustomStatus,
        metadata.FailureDetails?.ErrorMessage,
        metadata.CreatedAt,
        metadata.LastUpdatedAt);
}
