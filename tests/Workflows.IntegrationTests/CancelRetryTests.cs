using System.Net;
using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(FaultStackCollection.Name)]
public sealed class CancelRetryTests(FaultStackFixture fixture)
{
    /// <summary>
    /// Cancel while round 1 trains: the worker reads the cancel marker after its next epoch, reports the job cancelled and
    /// completes the message; the run ends cancelled with no error. Retry restarts it under the same id: the dense round is
    /// reused (never run again), round 1 resumes as attempt 2 from its checkpoint, round 2 runs once.
    /// </summary>
    [Fact]
    public async Task CancelMidRoundThenRetry_StopsWithinOneEpochAndFinishesWithoutRedoingFinishedJobs()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(8));
        const string dataset = "cancel-retry";
        string runId = await fixture.StartLastFmRunAsync(dataset, Specs.CancelRetry, cancellationToken);
        string dense = RecsysJobIds.DenseRound(runId, "mf", Specs.CancelRetrySeed);
        string searchKey = RecsysJobIds.SearchKey("mf", "imp", Specs.CancelRetrySeed);
        string round1 = RecsysJobIds.SearchRound(runId, searchKey, 1);
        string round2 = RecsysJobIds.SearchRound(runId, searchKey, 2);

        await fixture.WaitForEpochAsync(runId, round1, epoch: 2, cancellationToken);
        using (var cancel = await fixture.Api.PostAsync($"api/runs/{runId}/cancel", content: null, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        // The marker exists now: the worker finishes at most the epoch it is in, then stops.
        var atCancel = await fixture.ReadRunBlobAsync<JobProgress>(BlobLayout.JobProgress(runId, round1).Name, cancellationToken);

        var cancelled = await fixture.WaitUntilFinishedAsync(runId, cancellationToken);
        string cancelledLog = await WaitForLogAsync(runId, round1, attempt: 1, cancellationToken);
        var stopped = await fixture.ReadRunBlobAsync<JobProgress>(BlobLayout.JobProgress(runId, round1).Name, cancellationToken);

        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.Empty(cancelled.Errors);
        Assert.Equal((1, 0), (cancelled.Progress.JobsDone, cancelled.Progress.JobsFailed));
        Assert.Contains("cancelled: ", cancelledLog, StringComparison.Ordinal);
        Assert.Contains($"stopped: run {runId} was cancelled", cancelledLog, StringComparison.Ordinal);
        Assert.Equal(1, stopped.Attempt);
        Assert.InRange(stopped.Epoch, atCancel.Epoch, atCancel.Epoch + 1);
        Assert.True(stopped.Epoch < Specs.CancelRetryEpochs, $"round 1 ran all {Specs.CancelRetryEpochs} epochs");
        Assert.Equal(JobState.Cancelled, (await fixture.GetJobsAsync(runId, cancellationToken)).Single(j => j.JobId == round1).State);

        using (var retry = await fixture.Api.PostAsync($"api/runs/{runId}/retry", content: null, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        var retried = await fixture.WaitUntilFinishedAsync(runId, cancellationToken, status => Assert.NotEqual(RunState.Cancelled, status.State));

        Assert.Equal(RunState.Completed, retried.State);
        Assert.Equal((3, 0, 3), (retried.Progress.JobsDone, retried.Progress.JobsFailed, retried.Progress.JobsTotal));
        Assert.Equal([(dense, 1)], StartedAttempts(dense));
        Assert.Equal([(round1, 1), (round1, 2)], StartedAttempts(round1));
        Assert.Equal([(round2, 1)], StartedAttempts(round2));
        var resumed = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(runId, round1).Name, cancellationToken);
        Assert.Equal(2, resumed.Attempt);
        Assert.Equal(stopped.Epoch, resumed.Details.GetProperty("resumedFromEpoch").GetInt32());
        Assert.Equal([runId], (await fixture.ListRunsAsync(dataset, cancellationToken)).Select(r => r.RunId));

        using var again = await fixture.Api.PostAsync($"api/runs/{runId}/retry", content: null, cancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    /// <summary>Every "attempt n started" line the workers logged for the job, in attempt order.</summary>
    private List<(string JobId, int Attempt)> StartedAttempts(string jobId) =>
        fixture.Stack.Workers.SelectMany(worker => StackFixture.ReadShared(worker!.LogPath).Split('\n'))
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, $@"Job {System.Text.RegularExpressions.Regex.Escape(jobId)} attempt (\d+) \(recsys\.train-round\) started"))
            .Where(match => match.Success)
            .Select(match => (jobId, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Order()
            .ToList();

    private async Task<string> WaitForLogAsync(string runId, string jobId, int attempt, CancellationToken cancellationToken)
    {
        string name = BlobLayout.AttemptLog(runId, jobId, attempt).Name;
        while (!(await fixture.ListRunBlobsAsync(name, cancellationToken)).Contains(name))
        {
            await Task.Delay(200, cancellationToken);
        }

        return await fixture.ReadRunTextAsync(name, cancellationToken);
    }
}
