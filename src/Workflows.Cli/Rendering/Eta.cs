using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary>
/// When a running run should finish, at the pace it has kept so far: finished jobs count whole, running ones by the
/// share of epochs their last heartbeat reported. A ticket search may stop early, so the estimate is an upper bound.
/// </summary>
internal static class Eta
{
    /// <returns>Null for a finished run, or before anything has progressed.</returns>
    public static TimeSpan? Estimate(RunStatus status, IReadOnlyList<JobStatusSummary> jobs, DateTimeOffset now)
    {
        var progress = status.Progress;
        if (status.State.IsFinished() || status.CreatedAt is not { } created || progress.JobsTotal <= 0)
        {
            return null;
        }

        double running = jobs
            .Where(job => job.State == JobState.Running && job.Epoch is not null && job.TotalEpochs is > 0)
            .Sum(job => Math.Clamp((double)job.Epoch!.Value / job.TotalEpochs!.Value, 0, 1));
        double done = progress.JobsDone + progress.JobsFailed + running;
        return done <= 0 ? null : (now - created) * (Math.Max(0, progress.JobsTotal - done) / done);
    }
}
