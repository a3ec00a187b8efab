using System.Diagnostics;
using System.Diagnostics.Metrics;
using Workflows.Contracts;

namespace Workflows.Jobs.Runtime;

/// <summary>
/// The worker's OpenTelemetry metrics (meter <c>Workflows.Jobs</c>): attempts ended by kind and outcome, their duration,
/// and the worker time each run has used by job kind.
/// </summary>
internal static class JobMetrics
{
    public const string MeterName = "Workflows.Jobs";

    public const string EndedName = "workflows.jobs.ended";
    public const string DurationName = "workflows.jobs.duration";
    public const string WorkerTimeName = "workflows.worker.time";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Ended = Meter.CreateCounter<long>(EndedName, "{attempt}", "Job attempts that ended, by job.kind and job.outcome (succeeded, failed, cancelled)");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationName, "s", "Time from an attempt's start to its end, by job.kind, job.outcome, device and gpu.type");

    private static readonly Counter<double> WorkerTime = Meter.CreateCounter<double>(WorkerTimeName, "s", "Worker time used, by run.id, job.kind, device and gpu.type");

    /// <param name="outcome"><c>succeeded</c>, <c>failed</c> (this attempt; the job may be retried) or <c>cancelled</c>.</param>
    /// <param name="device">What the attempt ran on: the time metrics' <c>device</c> and <c>gpu.type</c> tags.</param>
    public static void AttemptEnded(JobMessage message, string outcome, TimeSpan duration, WorkerDevice device)
    {
        double seconds = Math.Max(0, duration.TotalSeconds);
        var kindAndOutcome = new TagList { { "job.kind", message.Kind }, { "job.outcome", outcome } };
        Ended.Add(1, kindAndOutcome);
        Duration.Record(seconds, device.Tag(kindAndOutcome));
        WorkerTime.Add(seconds, device.Tag(new TagList { { "run.id", message.RunId }, { "job.kind", message.Kind } }));
    }
}
