using Workflows.Contracts;
using Workflows.Orchestration.Probe;

namespace Workflows.Platform.Benchmarks;

/// <summary>One probe: what its report says, plus the run's engine lifetime and the CPU the stack used meanwhile.</summary>
/// <param name="RunSeconds">The probe run's engine lifetime (created → last update), validation and report included.</param>
/// <param name="CpuSeconds">CPU seconds per stack component (<see cref="StackUsage"/>) from the start request to the report.</param>
/// <param name="StorageRequests">Requests Azurite served meanwhile (Blob, Queue and Table, from every program).</param>
/// <param name="SendToOutcome">The message path alone (<see cref="HostLogTimings"/>): Service Bus send done → outcome raised.</param>
public sealed record ProbeMeasurement(
    int Workers,
    string RunId,
    RunState State,
    double RunSeconds,
    PlatformProbeReport Report,
    IReadOnlyDictionary<string, double> CpuSeconds,
    long StorageRequests,
    SecondsSummary SendToOutcome)
{
    public double StorageRequestsPerJob => Report.JobsPlanned > 0 ? (double)StorageRequests / Report.JobsPlanned : 0;

    /// <summary>Cores the stack kept busy on average while the probe ran.</summary>
    public double CoresBusy => RunSeconds > 0 ? CpuSeconds.Values.Sum() / RunSeconds : 0;
}

/// <summary>The LastFM run against the training time its jobs report.</summary>
/// <param name="WallSeconds">The run orchestration's lifetime (created → last update).</param>
/// <param name="TrainingSeconds">Σ <c>details.trainingSeconds</c> of the jobs' <c>result.json</c> (the epochs' optimisation only).</param>
/// <param name="EvaluationSeconds">Σ <c>details.evaluationSeconds</c>.</param>
/// <param name="SetupSeconds">Σ <c>details.setupSeconds</c> (loading the dataset, model and masks inside the job).</param>
/// <param name="WorkerSeconds">Σ (finishedAt − startedAt) of the succeeded attempts.</param>
/// <param name="RetriedJobs">Jobs whose result came from an attempt after the first.</param>
public sealed record LastFmMeasurement(
    string RunId,
    RunState State,
    int Workers,
    int Jobs,
    int RetriedJobs,
    double WallSeconds,
    double TrainingSeconds,
    double EvaluationSeconds,
    double SetupSeconds,
    double WorkerSeconds)
{
    public double OutsideTrainingShare => WallSeconds > 0 ? 1 - (TrainingSeconds / WallSeconds) : 0;

    public double OutsideJobsShare => WallSeconds > 0 ? 1 - (WorkerSeconds / WallSeconds) : 0;
}

/// <summary>Everything one benchmark invocation measured, with the settings it ran under.</summary>
public sealed record PlatformBenchmarkResults(
    DateTimeOffset MeasuredAt,
    string Machine,
    int ProcessorCount,
    IReadOnlyDictionary<string, string> Settings,
    int FanOut,
    ProbeMeasurement? Sequential,
    IReadOnlyList<ProbeMeasurement> Probes,
    LastFmMeasurement? LastFm);
