using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Workflows.Orchestration.Durable;

/// <summary>
/// Runs an orchestrator inside its run's logging scope and span tag (<see cref="RunTelemetry"/>). The scope is begun on
/// the orchestration's replay-safe logger factory, the one its own loggers come from; it writes nothing, so replays add
/// no log lines.
/// </summary>
internal sealed class RunScopedOrchestrator(ITaskOrchestrator inner) : ITaskOrchestrator
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        using var scope = RunTelemetry.Begin(context.CreateReplaySafeLogger<RunScopedOrchestrator>(), RunTelemetry.RunIdOf(context.InstanceId));
        return await inner.RunAsync(context, input);
    }
}

/// <summary>Runs an activity inside its run's logging scope and span tag (<see cref="RunTelemetry"/>).</summary>
/// <param name="logger">From the host's logger factory, the one the activity's own loggers come from.</param>
internal sealed class RunScopedActivity(ITaskActivity inner, ILogger<RunScopedActivity> logger) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        using var scope = RunTelemetry.Begin(logger, RunTelemetry.RunIdOf(context.InstanceId));
        return await inner.RunAsync(context, input);
    }
}
