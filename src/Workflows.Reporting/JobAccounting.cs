using Workflows.Contracts;

namespace Workflows.Reporting;

/// <param name="WallSeconds">From the run's start to its report.</param>
/// <param name="WorkerSeconds">Worker time of every job with a result (the attempt that produced it; failed attempts are not counted).</param>
public sealed record RunAccounting(double WallSeconds, double WorkerSeconds, IReadOnlyList<JobKindAccounting> ByKind);

/// <param name="Devices">Devices the jobs' results record (<c>cpu</c>, <c>cuda</c>, <c>cuda (A100)</c>); empty when none does.</param>
public sealed record JobKindAccounting(string Kind, int Jobs, double WorkerSeconds, IReadOnlyList<string> Devices);

/// <summary>Where a run's worker time went, from its jobs' <c>result.json</c>, and the "Worker time" section every report shows it in.</summary>
public static class JobAccounting
{
    /// <summary>What the device column reads for a kind none of whose results records a device (results of older workers).</summary>
    public const string UnknownDevice = "unknown";

    /// <summary>The worker time of the attempt that produced <paramref name="result"/>.</summary>
    public static double WorkerSeconds(JobResult result) => Math.Max(0, (result.FinishedAt - result.StartedAt).TotalSeconds);

    /// <summary>Jobs, worker time and devices per job kind, ordered by kind.</summary>
    public static IReadOnlyList<JobKindAccounting> ByKind(IEnumerable<JobResult> results) =>
        [.. results.GroupBy(r => r.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(kind => new JobKindAccounting(
            kind.Key, kind.Count(), kind.Sum(WorkerSeconds),
            [.. kind.Select(r => r.Device).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];

    /// <summary>The "Worker time" heading and its table: one row per job kind.</summary>
    public static IEnumerable<ReportBlock> Section(IReadOnlyList<JobKindAccounting> byKind)
    {
        yield return new ReportHeading("Worker time");
        yield return new ReportTable(["job kind", "jobs", "worker time", "device"],
            [.. byKind.Select(kind => (IReadOnlyList<string>)
                [kind.Kind, ReportFormat.Count(kind.Jobs), ReportFormat.Seconds(kind.WorkerSeconds), kind.Devices.Count == 0 ? UnknownDevice : string.Join(", ", kind.Devices)])]);
    }
}
