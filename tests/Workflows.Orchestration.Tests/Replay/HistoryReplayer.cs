using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Orchestration.Durable;

namespace Workflows.Orchestration.Tests.Replay;

/// <summary>
/// Replays a recorded history through the standalone host's execution path: the class-based orchestrator behind
/// <see cref="DurableTaskShimFactory"/>, run by DurableTask.Core's <see cref="TaskOrchestrationExecutor"/>. Core raises
/// <see cref="NonDeterministicOrchestrationException"/> when the code's actions do not match the recorded ones; a code
/// change that schedules more, or ends differently, shows in what the replay leaves pending.
/// </summary>
internal static class HistoryReplayer
{
    private static readonly DurableTaskShimFactory Shims = new(new DurableTaskWorkerOptions { DataConverter = WorkflowsDataConverter.Instance }, NullLoggerFactory.Instance);

    /// <summary>Replays <paramref name="history"/> with the orchestrator registered under its name in <see cref="WorkflowTasks"/>.</summary>
    public static string? FindNonDeterminism(IReadOnlyList<HistoryEvent> history)
    {
        string name = history.OfType<ExecutionStartedEvent>().Single().Name;
        var registration = WorkflowTasks.Orchestrators.Single(o => o.Name == name);
        return FindNonDeterminism(history, (ITaskOrchestrator)Activator.CreateInstance(registration.Type)!);
    }

    /// <summary>Null when <paramref name="orchestrator"/> reproduces <paramref name="history"/> exactly; otherwise what differed.</summary>
    public static string? FindNonDeterminism(IReadOnlyList<HistoryEvent> history, ITaskOrchestrator orchestrator)
    {
        var started = history.OfType<ExecutionStartedEvent>().Single();
        var completed = history.OfType<ExecutionCompletedEvent>().Single();
        var state = new OrchestrationRuntimeState([.. history.Where(e => e is not ExecutionCompletedEvent)]);
        var executor = new TaskOrchestrationExecutor(state, Shims.CreateOrchestration(new TaskName(started.Name), orchestrator),
            BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.SerializeExceptions);

        var actions = executor.Execute().Actions.ToList();
        if (actions is [OrchestrationCompleteOrchestratorAction end]
            && end.OrchestrationStatus == completed.OrchestrationStatus
            && end.Result == completed.Result)
        {
            return null;
        }

        return $"{started.OrchestrationInstance.InstanceId}: recorded {completed.OrchestrationStatus} {completed.Result}; replay left "
            + string.Join(", ", actions.Select(Describe));
    }

    private static string Describe(OrchestratorAction action) => action switch
    {
        ScheduleTaskOrchestratorAction task => $"activity {task.Name} #{task.Id}",
        CreateSubOrchestrationAction sub => $"sub-orchestration {sub.Name} {sub.InstanceId} #{sub.Id}",
        CreateTimerOrchestratorAction timer => $"timer #{timer.Id}",
        OrchestrationCompleteOrchestratorAction end => $"{end.OrchestrationStatus} {end.Result} {end.Details} {end.FailureDetails?.ErrorMessage}",
        _ => $"{action.OrchestratorActionType} #{action.Id}",
    };
}
