using Workflows.Contracts;
using Workflows.Orchestration.Jobs;

namespace Workflows.Orchestration.Runs;

/// <summary>
/// The input of a run orchestration (instance id = <see cref="RunId"/>). Small by construction: the manifest is referenced
/// by path, the spec is at most <see cref="SizeLimits.MaxSpecBytes"/>.
/// </summary>
/// <param name="Spec">The resolved spec (defaults filled in), as hashed into the run id.</param>
/// <param name="ManifestPath"><c>datasets/{dataset}/dataset.json</c>.</param>
/// <param name="Jobs">How dispatched jobs are watched (from configuration at start).</param>
/// <param name="RejectedBecause">The starter already knows the run cannot start (e.g. the manifest does not parse): the
/// orchestration records these errors and fails without doing anything.</param>
/// <param name="Generation">0 for the first execution; a retry of the same run id increments it (see <see cref="Durable.SubOrchestrationIds"/>).</param>
public sealed record RunRequest(
    string RunId,
    string Dataset,
    RunSpec Spec,
    string ManifestPath,
    JobPolicy Jobs,
    IReadOnlyList<string>? RejectedBecause = null,
    int Generation = 0);

/// <summary>The output of a run orchestration; the engine's Completed status plus this state is the run's final state.</summary>
/// <param name="Report">Where the report was written, when it was.</param>
public sealed record RunOutcome(RunState State, IReadOnlyList<string> Errors, RunReportPaths? Report, int JobsDone, int JobsFailed, double WorkerSeconds);

/// <param name="Json"><c>runs/{runId}/report.json</c> as <c>container/name</c>.</param>
public sealed record RunReportPaths(string Json, string Markdown);

/// <summary>External events a run orchestration listens to.</summary>
public static class RunEvents
{
    /// <summary>Stop dispatching and end the run <see cref="RunState.Cancelled"/>. Payload: the reason (string).</summary>
    public const string Cancel = "cancel";

    /// <summary>A ticket search reports a finished round (payload <see cref="Recsys.SearchProgress"/>).</summary>
    public const string SearchProgress = "search-progress";
}

/// <summary>The result of <see cref="ValidateRun"/>: empty <see cref="Errors"/> means the run may start.</summary>
public sealed record RunValidation(IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
