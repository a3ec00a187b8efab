using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(FaultStackCollection.Name)]
public sealed class WorkerCrashTests(FaultStackFixture fixture)
{
    /// <summary>
    /// Two identical rounds (two datasets with the same files and spec) start together, one per worker; the worker of one
    /// is killed mid-round. Its message stays locked (the local queue's 5-minute lock), so only the stale heartbeat can
    /// bring the job back: the orchestration re-dispatches it as attempt 2, the surviving worker resumes it from the
    /// checkpoint, and the result equals the undisturbed round's.
    /// </summary>
    [Fact]
    public async Task WorkerKilledMidRound_StaleHeartbeatRedispatches_JobResumesFromCheckpointWithTheUndisturbedMetrics()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(8));
        string reference = await fixture.StartLastFmRunAsync("crash-reference", Specs.LongRound, cancellationToken);
        string disturbed = await fixture.StartLastFmRunAsync("crash-disturbed", Specs.LongRound, cancellationToken);
        string jobId = RecsysJobIds.DenseRound(disturbed, "mf", Specs.LongRoundSeed);

        var progress = await fixture.WaitForEpochAsync(disturbed, jobId, epoch: 2, cancellationToken);
        int victim = FaultStackFixture.WorkerIndex(progress.WorkerId);
        await fixture.Stack.KillWorkerAsync(victim);
        int checkpointEpoch = await fixture.ReadCheckpointEpochAsync(disturbed, jobId, cancellationToken);
        RunStatus final;
        try
        {
            final = await fixture.WaitUntilFinishedAsync(disturbed, cancellationToken);
        }
        finally
        {
            await fixture.Stack.StartWorkerAsync(CancellationToken.None, victim);
        }

        var undisturbed = await fixture.WaitUntilFinishedAsync(reference, cancellationToken);
        Assert.Equal((RunState.Completed, RunState.Completed), (undisturbed.State, final.State));
        Assert.Equal((1, 0), (final.Progress.JobsDone, final.Progress.JobsFailed));
        Assert.InRange(checkpointEpoch, 2, Specs.LongRoundEpochs - 1);

        var blobs = await fixture.ListRunBlobsAsync(BlobLayout.JobPrefix(disturbed, jobId), cancellationToken);
        Assert.Single(blobs, name => name.EndsWith("/result.json", StringComparison.Ordinal));
        var result = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(disturbed, jobId).Name, cancellationToken);
        Assert.Equal(2, result.Attempt);
        Assert.NotEqual(progress.WorkerId, result.WorkerId);
        Assert.Equal(checkpointEpoch, result.Details.GetProperty("resumedFromEpoch").GetInt32());
        Assert.All(result.Artifacts.Values, path => Assert.StartsWith($"{BlobLayout.RunsContainer}/{BlobLayout.AttemptPrefix(disturbed, jobId, 2)}", path));

        var referenceJob = RecsysJobIds.DenseRound(reference, "mf", Specs.LongRoundSeed);
        var referenceResult = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(reference, referenceJob).Name, cancellationToken);
        Assert.Equal(1, referenceResult.Attempt);
        Assert.Equal(referenceResult.Metrics, result.Metrics);

        var job = Assert.Single(await fixture.GetJobsAsync(disturbed, cancellationToken));
        Assert.Equal((JobState.Succeeded, 2, result.WorkerId), (job.State, job.Attempt, job.WorkerId));
        Assert.Empty(job.Failures);
    }
}
