using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

/// <summary>
/// Opt-in (<c>Category=Faults</c>): it restarts the fault stack's host, and in one measurement the fault tests sharing that
/// stack then took minutes instead of seconds.
/// </summary>
[Collection(FaultStackCollection.Name)]
[Trait("Category", "Faults")]
public sealed class HostRestartTests(FaultStackFixture fixture)
{
    /// <summary>
    /// Two identical three-round searches (two datasets, same files and spec) start together; while round 1 of one trains,
    /// the host is killed and started again. The worker finishes the round meanwhile (its outcome waits on the job-events
    /// queue), the restarted host picks the orchestration up from its history, and the run completes with every job run
    /// once and the undisturbed run's metrics.
    /// </summary>
    [Fact]
    public async Task HostKilledMidRunAndRestarted_RunContinues_WithTheUndisturbedMetrics()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(8));
        string reference = await fixture.StartLastFmRunAsync("restart-reference", Specs.CancelRetry, cancellationToken);
        string disturbed = await fixture.StartLastFmRunAsync("restart-disturbed", Specs.CancelRetry, cancellationToken);
        string searchKey = RecsysJobIds.SearchKey("mf", "imp", Specs.CancelRetrySeed);

        await fixture.WaitForEpochAsync(disturbed, RecsysJobIds.SearchRound(disturbed, searchKey, 1), epoch: 2, cancellationToken);
        await fixture.Stack.KillHostAsync();
        await fixture.Stack.StartHostAsync(cancellationToken);

        var final = await fixture.WaitUntilFinishedAsync(disturbed, cancellationToken);
        var undisturbed = await fixture.WaitUntilFinishedAsync(reference, cancellationToken);
        Assert.Equal((RunState.Completed, RunState.Completed), (undisturbed.State, final.State));
        Assert.Equal((3, 0, 3), (final.Progress.JobsDone, final.Progress.JobsFailed, final.Progress.JobsTotal));
        foreach (var (disturbedJob, referenceJob) in new[] { 0, 1, 2 }.Select(round => round == 0
            ? (RecsysJobIds.DenseRound(disturbed, "mf", Specs.CancelRetrySeed), RecsysJobIds.DenseRound(reference, "mf", Specs.CancelRetrySeed))
            : (RecsysJobIds.SearchRound(disturbed, searchKey, round), RecsysJobIds.SearchRound(reference, searchKey, round))))
        {
            var result = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(disturbed, disturbedJob).Name, cancellationToken);
            var expected = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(reference, referenceJob).Name, cancellationToken);
            Assert.Equal(1, result.Attempt);
            Assert.Equal(expected.Metrics, result.Metrics);
        }
    }
}
