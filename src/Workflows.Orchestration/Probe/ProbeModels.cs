using Workflows.Contracts;
using Workflows.Orchestration.Jobs;

namespace Workflows.Orchestration.Probe;

/// <summary>
/// One no-op job of a probe, timed on the probe orchestration's clock (<c>CurrentUtcDateTime</c>): from scheduling its
/// <see cref="RunJob"/> step to seeing that step's result.
/// </summary>
/// <param name="Index">0-based position in the fan-out (also the job id's suffix).</param>
/// <param name="LatencySeconds">Dispatch to outcome as the run sees it: the job step's start, the Service Bus send, the
/// worker, the <c>job-events</c> queue, the outcome event and the step's completion.</param>
/// <param name="WorkerSeconds">The worker's own time for the attempt (from its outcome).</param>
public sealed record ProbeJobTiming(int Index, double LatencySeconds, double WorkerSeconds, JobStepState State);

/// <summary>The parameters of a <c>platform.no-op</c> job.</summary>
/// <param name="Fail">Throw in every attempt (see <see cref="PlatformProbeSpec.FailingJobs"/>).</param>
public sealed record NoOpJobParameters(bool Fail = false);

/// <summary>The input of <see cref="WriteProbeReport"/>.</summary>
/// <param name="FirstDispatchAt">When the first job step was scheduled.</param>
/// <param name="LastOutcomeAt">When the last job step's result was seen.</param>
public sealed record ProbeReportInput(
    string RunId,
    string Dataset,
    RunState State,
    int JobsPlanned,
    int MaxConcurrentJobs,
    DateTimeOffset FirstDispatchAt,
    DateTimeOffset LastOutcomeAt,
    IReadOnlyList<ProbeJobTiming> Jobs,
    IReadOnlyList<string> Errors);

/// <summary>Order statistics of a sample, in seconds; percentiles by nearest rank (p of n is the ⌈p·n⌉-th smallest).</summary>
public sealed record SecondsSummary(int Count, double Min, double Median, double P95, double Max, double Mean)
{
    public static SecondsSummary Of(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0
            ? new SecondsSummary(0, 0, 0, 0, 0, 0)
            : new SecondsSummary(sorted.Length, sorted[0], Percentile(sorted, 0.5), Percentile(sorted, 0.95), sorted[^1], sorted.Average());
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary><c>report.json</c> of a platform probe.</summary>
/// <param name="ElapsedSeconds">First dispatch to last outcome.</param>
/// <param name="JobsPerSecond">Succeeded jobs per elapsed second (0 when nothing elapsed).</param>
/// <param name="Latency">Dispatch-to-outcome latency of the succeeded jobs.</param>
/// <param name="WorkerTime">Worker time of the succeeded jobs.</param>
public sealed record PlatformProbeReport(
    int SchemaVersion,
    string RunId,
    string Dataset,
    RunState State,
    int JobsPlanned,
    int JobsSucceeded,
    int JobsFailed,
    int MaxConcurrentJobs,
    DateTimeOffset FirstDispatchAt,
    DateTimeOffset LastOutcomeAt,
    double ElapsedSeconds,
    double JobsPerSecond,
    SecondsSummary Latency,
    SecondsSummary WorkerTime,
    IReadOnlyList<ProbeJobTiming> Jobs,
    IReadOnlyList<string> Errors)
{
    public const int CurrentSchemaVersion = 1;

    public static PlatformProbeReport From(ProbeReportInput input)
    {
        var succeeded = input.Jobs.Where(j => j.State == JobStepState.Succeeded).ToList();
        double elapsed = Math.Max(0, (input.LastOutcomeAt - input.FirstDispatchAt).TotalSeconds);
        return new PlatformProbeReport(CurrentSchemaVersion, input.RunId, input.Dataset, input.State, input.JobsPlanned, succeeded.Count,
            input.Jobs.Count - succeeded.Count, input.MaxConcurrentJobs, input.FirstDispatchAt, input.LastOutcomeAt, elapsed,
            elapsed > 0 ? succeeded.Count / elapsed : 0,
            SecondsSummary.Of(succeeded.Select(j => j.LatencySeconds)), SecondsSummary.Of(succeeded.Select(j => j.WorkerSeconds)),
            [.. input.Jobs.OrderBy(j => j.Index)], input.Errors);
    }
}
