using Microsoft.DurableTask;
using Workflows.Contracts;

namespace Workflows.Orchestration.Runs;

/// <summary>
/// A run that could not start (its manifest does not parse, its family has no orchestration yet): it exists so that the
/// upload still has a run id and a status that says why, and it dispatches nothing.
/// </summary>
public sealed class RejectedRun : TaskOrchestrator<RunRequest, RunOutcome>
{
    public override Task<RunOutcome> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        IReadOnlyList<string> errors = input.RejectedBecause is { Count: > 0 } reasons ? reasons : ["the run was rejected"];
        var progress = RunProgressStatus.Bounded(new RunProgress { Phase = RunPhases.Rejected, Errors = errors });
        context.SetCustomStatus(progress);
        return Task.FromResult(new RunOutcome(RunState.Failed, progress.Errors, null, 0, 0, 0));
    }
}
