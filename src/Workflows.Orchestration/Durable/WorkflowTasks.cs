using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Nightly;
using Workflows.Orchestration.Probe;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Durable;

/// <summary>
/// A class-based task and the name it is registered and called under. Both hosts create every execution's instance here,
/// so that everything it logs and traces carries its run's id (<see cref="RunTelemetry"/>).
/// </summary>
public sealed record TaskRegistration(string Name, Type Type)
{
    /// <summary>A new instance of the orchestrator (orchestrators take no dependencies), in its run's logging scope.</summary>
    public ITaskOrchestrator NewOrchestrator() => new RunScopedOrchestrator((ITaskOrchestrator)Activator.CreateInstance(Type)!);

    /// <summary>A new instance of the activity with its dependencies from <paramref name="services"/>, in its run's logging scope.</summary>
    public ITaskActivity NewActivity(IServiceProvider services) =>
        new RunScopedActivity((ITaskActivity)ActivatorUtilities.CreateInstance(services, Type), services.GetRequiredService<ILogger<RunScopedActivity>>());
}

/// <summary>
/// Every orchestrator and activity of the platform, by name. The one list both hosts register from: the Durable worker
/// registry (<see cref="WorkflowsOrchestrationExtensions.AddWorkflowsOrchestrations(DurableTaskRegistry)"/>) and
/// DurableTask.Core's TaskHubWorker in the standalone host.
/// </summary>
public static class WorkflowTasks
{
    public static IReadOnlyList<TaskRegistration> Orchestrators { get; } =
    [
        new(nameof(LotteryTicketRun), typeof(LotteryTicketRun)),
        new(nameof(TicketSearch), typeof(TicketSearch)),
        new(nameof(RejectedRun), typeof(RejectedRun)),
        new(nameof(PlatformProbeRun), typeof(PlatformProbeRun)),
        new(nameof(GalaxyPaintingRun), typeof(GalaxyPaintingRun)),
        new(nameof(RunJob), typeof(RunJob)),
        new(nameof(NightlyRetrain), typeof(NightlyRetrain)),
    ];

    public static IReadOnlyList<TaskRegistration> Activities { get; } =
    [
        new(nameof(ValidateRun), typeof(ValidateRun)),
        new(nameof(WriteRunSpec), typeof(WriteRunSpec)),
        new(nameof(IsRunCancelled), typeof(IsRunCancelled)),
        new(nameof(DeleteCheckpoints), typeof(DeleteCheckpoints)),
        new(nameof(PrepareRecsysDataset), typeof(PrepareRecsysDataset)),
        new(nameof(WriteRunReport), typeof(WriteRunReport)),
        new(nameof(WriteProbeReport), typeof(WriteProbeReport)),
        new(nameof(DispatchJob), typeof(DispatchJob)),
        new(nameof(ReadJobResult), typeof(ReadJobResult)),
        new(nameof(InspectJob), typeof(InspectJob)),
        new(nameof(LastJobAttempt), typeof(LastJobAttempt)),
        new(nameof(PrepareGalaxyData), typeof(PrepareGalaxyData)),
        new(nameof(CutTargetTiles), typeof(CutTargetTiles)),
        new(nameof(StitchPrediction), typeof(StitchPrediction)),
        new(nameof(MeasureGalaxies), typeof(MeasureGalaxies)),
        new(nameof(WriteGalaxyReport), typeof(WriteGalaxyReport)),
        new(nameof(InspectDataset), typeof(InspectDataset)),
        new(nameof(WriteModelPointer), typeof(WriteModelPointer)),
        new(nameof(ExportTicket), typeof(ExportTicket)),
        new(nameof(WriteNightlyReport), typeof(WriteNightlyReport)),
    ];

    /// <summary>The run orchestrations (top-level instances whose id is a run id).</summary>
    public static IReadOnlySet<string> RunOrchestrations { get; } = new HashSet<string>(StringComparer.Ordinal) { nameof(LotteryTicketRun), nameof(RejectedRun), nameof(PlatformProbeRun), nameof(GalaxyPaintingRun) };
}
