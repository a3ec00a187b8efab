using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Workflows.Orchestration.Durable;

/// <summary>
/// Puts a run's id on the logs and spans of the work done for it: a logging scope (<see cref="RunIdScope"/>) and the
/// current span's <see cref="RunIdTag"/> tag and baggage, which spans started under it (blob reads and writes, sends)
/// inherit. Used at orchestration and activity dispatch (<see cref="WorkflowTasks"/>) and by the HTTP API's run routes.
/// </summary>
public static class RunTelemetry
{
    /// <summary>The run id's span tag and baggage key, as the job spans set it.</summary>
    public const string RunIdTag = "runId";

    /// <summary>The run id's key in a logging scope, as the worker's job scope names it.</summary>
    public const string RunIdScope = "RunId";

    /// <summary>
    /// The run an orchestration instance works for. A run's orchestration has the run id itself; its sub-orchestrations
    /// have a job id (<c>{runId}.{step}</c>, <see cref="Contracts.Identifiers.JobId"/>), for a retried run with
    /// <c>~g{n}</c> appended (<see cref="SubOrchestrationIds"/>). Run ids contain neither '.' nor '~'.
    /// </summary>
    public static string RunIdOf(string instanceId)
    {
        int end = instanceId.AsSpan().IndexOfAny('.', '~');
        return end < 0 ? instanceId : instanceId[..end];
    }

    /// <summary>Starts the run's logging scope on <paramref name="logger"/>'s factory and tags the current span; dispose to end the scope.</summary>
    public static IDisposable? Begin(ILogger logger, string runId)
    {
        if (Activity.Current is { } span)
        {
            span.SetTag(RunIdTag, runId);
            if (span.GetBaggageItem(RunIdTag) is null)
            {
                span.AddBaggage(RunIdTag, runId);
            }
        }

        return logger.BeginScope(new Dictionary<string, object> { [RunIdScope] = runId });
    }
}
