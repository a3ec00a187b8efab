using System.Runtime.CompilerServices;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Workflows.Orchestration.Ports;

namespace Workflows.Functions.Durable;

/// <summary>
/// The engine port over the Durable Functions client (<see cref="DurableTaskClient"/>), so the Functions app runs the same
/// application services as the standalone host. Payloads go through the client's data converter, which the app sets to
/// the contracts' dialect (<see cref="FunctionsDurableExtensions"/>).
/// </summary>
public sealed class DurableTaskClientEngine(DurableTaskClient client) : IOrchestrationEngine
{
    /// <remarks>
    /// Durable 1.22+ terminates and recreates a Running or Pending instance unless the start carries dedupe statuses, so
    /// every status the request does not declare replaceable is a dedupe status. The existence check first makes an
    /// existing run a cheap no-op; a start that loses a race to the same id is recognised by checking again.
    /// </remarks>
    public async Task<ScheduleResult> ScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken)
    {
        if (await IsKeptAsync(request, cancellationToken))
        {
            return ScheduleResult.AlreadyExists;
        }

        var replaceable = request.ReplaceableStatuses.SelectMany(ToRuntime).ToHashSet();
        var dedupe = StartOrchestrationOptionsExtensions.ValidDedupeStatuses.Where(status => !replaceable.Contains(status)).ToArray();
        var options = new StartOrchestrationOptions(request.InstanceId).WithDedupeStatuses(dedupe);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(request.OrchestrationName, request.Input, options, cancellationToken);
            return ScheduleResult.Started;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (await IsKeptAsync(request, cancellationToken))
            {
                return ScheduleResult.AlreadyExists;
            }

            throw;
        }
    }

    public async Task<EngineInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return metadata is null ? null : Map(metadata);
    }

    public async Task<IReadOnlyList<EngineInstance>> ListAsync(EngineQuery query, CancellationToken cancellationToken)
    {
        var instances = new List<EngineInstance>();
        await foreach (var metadata in QueryAsync(query, cancellationToken))
        {
            instances.Add(Map(metadata));
            if (instances.Count == query.PageSize)
            {
                break;
            }
        }

        return instances;
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    public Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(Output: reason, Recursive: true), cancellationToken);

    /// <remarks>
    /// The SDK does not purge sub-orchestrations recursively yet; their ids start with the run id and a dot
    /// (<see cref="Workflows.Contracts.Identifiers.JobId"/>), so they are found by prefix and purged first.
    /// </remarks>
    public async Task PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var children = await ListAsync(new EngineQuery(InstanceIdPrefix: $"{instanceId}.", PageSize: 1000), cancellationToken);
        foreach (var child in children)
        {
            await client.PurgeInstanceAsync(child.InstanceId, cancellationToken);
        }

        await client.PurgeInstanceAsync(instanceId, cancellationToken);
    }

    private async Task<bool> IsKeptAsync(ScheduleRequest request, CancellationToken cancellationToken) =>
        await GetAsync(request.InstanceId, cancellationToken) is { } existing && !request.ReplaceableStatuses.Contains(existing.Status);

    private async IAsyncEnumerable<OrchestrationMetadata> QueryAsync(EngineQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = query.InstanceIdPrefix,
            Statuses = query.Statuses?.SelectMany(ToRuntime).ToList(),
            CreatedFrom = query.CreatedFrom,
            PageSize = query.PageSize,
            FetchInputsAndOutputs = true,
        });
        await foreach (var metadata in pages.WithCancellation(cancellationToken))
        {
            yield return metadata;
        }
    }

    private static EngineInstance Map(OrchestrationMetadata metadata) => new(
        metadata.InstanceId,
        metadata.Name,
        FromRuntime(metadata.RuntimeStatus),
        metadata.SerializedInput,
        metadata.SerializedOutput,
        metadata.SerializedCustomStatus,
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? metadata.FailureDetails?.ErrorMessage ?? metadata.SerializedOutput : null,
        metadata.CreatedAt,
        metadata.LastUpdatedAt);

#pragma warning disable CS0618 // ContinuedAsNew and Canceled are obsolete in the SDK but still reported by older backends.
    private static EngineStatus FromRuntime(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => EngineStatus.Pending,
        OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.ContinuedAsNew => EngineStatus.Running,
        OrchestrationRuntimeStatus.Completed => EngineStatus.Completed,
        OrchestrationRuntimeStatus.Suspended => EngineStatus.Suspended,
        OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled => EngineStatus.Terminated,
        _ => EngineStatus.Failed,
    };

    private static IEnumerable<OrchestrationRuntimeStatus> ToRuntime(EngineStatus status) => status switch
    {
        EngineStatus.Pending => [OrchestrationRuntimeStatus.Pending],
        EngineStatus.Running => [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.ContinuedAsNew],
        EngineStatus.Completed => [OrchestrationRuntimeStatus.Completed],
        EngineStatus.Failed => [OrchestrationRuntimeStatus.Failed],
        EngineStatus.Terminated => [OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Canceled],
        EngineStatus.Suspended => [OrchestrationRuntimeStatus.Suspended],
        _ => [],
    };
#pragma warning restore CS0618
}
