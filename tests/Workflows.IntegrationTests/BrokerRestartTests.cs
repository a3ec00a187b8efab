using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

/// <summary>Opt-in (<c>Category=Faults</c>): it restarts the fault stack's broker.</summary>
[Collection(FaultStackCollection.Name)]
[Trait("Category", "Faults")]
public sealed class BrokerRestartTests(FaultStackFixture fixture)
{
    /// <summary>
    /// Three dense rounds start on the two workers, so one waits in the queue; while the other two train, the broker is
    /// killed and started again on its port, and every message it held is gone. The two running attempts finish anyway
    /// (the worker has the job; results go to blobs, outcomes to a Storage queue); the queued job has no heartbeat, so only the end of
    /// its deadline wait declares it lost (a wait bounded by heartbeat checks, which can end before the 45 seconds), and it
    /// is dispatched again as attempt 2. An identical run started after the
    /// restart is the undisturbed reference: the same results, one per job.
    /// </summary>
    [Fact]
    public async Task BrokerKilledWithAJobQueued_ItIsRedispatched_RunCompletesWithTheUndisturbedMetrics()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(8));
        string disturbed = await fixture.StartLastFmRunAsync("broker-disturbed", Specs.ThreeSeeds, cancellationToken);
        using (var firstEpoch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var waits = Specs.ThreeSeedsSeeds.Select(seed =>
                fixture.WaitForEpochAsync(disturbed, RecsysJobIds.DenseRound(disturbed, "mf", seed), epoch: 1, firstEpoch.Token)).ToList();
            await await Task.WhenAny(waits);
            await firstEpoch.CancelAsync();
            await Task.WhenAll(waits.Select(wait => wait.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));
        }

        await fixture.Stack.KillBrokerAsync();
        var started = new List<int>();
        foreach (int seed in Specs.ThreeSeedsSeeds)
        {
            var progress = BlobLayout.JobProgress(disturbed, RecsysJobIds.DenseRound(disturbed, "mf", seed)).Name;
            if (await fixture.Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(progress).ExistsAsync(cancellationToken))
            {
                started.Add(seed);
            }
        }

        int queued = Assert.Single(Specs.ThreeSeedsSeeds.Except(started));
        await fixture.Stack.StartBrokerAsync(cancellationToken);
        string reference = await fixture.StartLastFmRunAsync("broker-reference", Specs.ThreeSeeds, cancellationToken);

        var final = await fixture.WaitUntilFinishedAsync(disturbed, cancellationToken);
        var undisturbed = await fixture.WaitUntilFinishedAsync(reference, cancellationToken);
        Assert.Equal((RunState.Completed, RunState.Completed), (undisturbed.State, final.State));
        Assert.Equal((3, 0, 3), (final.Progress.JobsDone, final.Progress.JobsFailed, final.Progress.JobsTotal));
        foreach (int seed in Specs.ThreeSeedsSeeds)
        {
            string jobId = RecsysJobIds.DenseRound(disturbed, "mf", seed);
            var blobs = await fixture.ListRunBlobsAsync(BlobLayout.JobPrefix(disturbed, jobId), cancellationToken);
            Assert.Single(blobs, name => name.EndsWith("/result.json", StringComparison.Ordinal));
            var result = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(disturbed, jobId).Name, cancellationToken);
            var expected = await fixture.ReadRunBlobAsync<JobResult>(
                BlobLayout.JobResult(reference, RecsysJobIds.DenseRound(reference, "mf", seed)).Name, cancellationToken);
            Assert.Equal(1, expected.Attempt);
            Assert.Equal(expected.Metrics, result.Metrics);
            // The queued job's message was lost: only its deadline brought it back. A training job keeps its first attempt
            // unless it outlived the short deadline (a first job of a worker on a busy machine may).
            if (seed == queued)
            {
                Assert.Equal(2, result.Attempt);
            }
            else
            {
                Assert.InRange(result.Attempt, 1, 2);
            }
        }
    }
}
