using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Orchestration.Nightly;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Application;

/// <summary>
/// Starts nightly retraining: what the Functions app's timer and the standalone host's cron both call, so the two behave
/// the same. Each opted-in dataset (<c>retrain: nightly</c>) gets one <see cref="NightlyRetrain"/> per UTC day under the
/// deterministic id <see cref="Identifiers.NightlyRetrainId"/>, never replaced: a second trigger that day (a restarted host,
/// a second host, a late timer) is a no-op.
/// </summary>
public sealed class NightlyRetrainService(IRunService runs, IOrchestrationEngine engine, IOptions<OrchestrationOptions> options, ILogger<NightlyRetrainService> logger)
{
    public async Task<IReadOnlyList<NightlyStart>> StartAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var started = new List<NightlyStart>();
        foreach (var dataset in await runs.ListDatasetsAsync(cancellationToken))
        {
            if (dataset.Retrain != RetrainSchedule.Nightly)
            {
                continue;
            }

            if (dataset.Kind != DatasetKind.Recsys)
            {
                logger.NightlyKindUnsupported(dataset.Name, dataset.Kind.ToString());
                continue;
            }

            string instanceId = Identifiers.NightlyRetrainId(dataset.Name, day);
            var request = new NightlyRequest(instanceId, dataset.Name, day, options.Value.ToJobPolicy());
            var result = await engine.ScheduleAsync(new ScheduleRequest(nameof(NightlyRetrain), instanceId, request, ScheduleRequest.NeverReplace), cancellationToken);
            logger.NightlyScheduled(dataset.Name, instanceId, result.ToString());
            started.Add(new NightlyStart(dataset.Name, instanceId, result == ScheduleResult.Started));
        }

        return started;
    }
}

/// <param name="Created">False when that day's retrain of the dataset already existed. Two triggers racing (two hosts) may
/// both see true: the backend then runs the instance once and drops the second start.</param>
public sealed record NightlyStart(string Dataset, string InstanceId, bool Created);
