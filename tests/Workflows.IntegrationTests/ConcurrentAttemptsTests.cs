using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

/// <summary>Opt-in (<c>Category=Faults</c>): it freezes a worker of the fault stack.</summary>
[Collection(FaultStackCollection.Name)]
[Trait("Category", "Faults")]
public sealed class ConcurrentAttemptsTests(FaultStackFixture fixture)
{
    /// <summary>
    /// Two identical rounds start together; the worker of one is frozen (SIGSTOP) mid-round until its heartbeat goes
    /// stale and the orchestration re-dispatches the job as attempt 2, which the other worker starts; then the frozen
    /// worker is thawed, so both attempts of the job train at once. The first to finish writes the only
    /// <c>result.json</c>, the other publishes the winner's outcome, each attempt's artifacts stay in its own folder, and
    /// the result's metrics are the undisturbed round's.
    /// </summary>
    [Fact]
    public async Task StaleAttemptThawedWhileItsRedispatchRuns_BothFinish_OneResultAndBothAttemptsArtifacts()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(8));
        string reference = await fixture.StartLastFmRunAsync("concurrent-reference", Specs.LongRound, cancellationToken);
        string disturbed = await fixture.StartLastFmRunAsync("concurrent-disturbed", Specs.LongRound, cancellationToken);
        string jobId = RecsysJobIds.DenseRound(disturbed, "mf", Specs.LongRoundSeed);

        var progress = await fixture.WaitForEpochAsync(disturbed, jobId, epoch: 2, cancellationToken);
        var victim = fixture.Stack.Workers[FaultStackFixture.WorkerIndex(progress.WorkerId)]
            ?? throw new InvalidOperationException($"{progress.WorkerId} is not running");
        await FaultStackFixture.PauseAsync(victim);
        try
        {
            await WaitForAttemptAsync(disturbed, jobId, attempt: 2, cancellationToken);
        }
        finally
        {
            await FaultStackFixture.ResumeAsync(victim);
        }

        var final = await fixture.WaitUntilFinishedAsync(disturbed, cancellationToken);
        var undisturbed = await fixture.WaitUntilFinishedAsync(reference, cancellationToken);
        Assert.Equal((RunState.Completed, RunState.Completed), (undisturbed.State, final.State));
        Assert.Equal((1, 0), (final.Progress.JobsDone, final.Progress.JobsFailed));

        var logs = new[] { 1, 2 }.Select(attempt => BlobLayout.AttemptLog(disturbed, jobId, attempt).Name).ToList();
        var blobs = await WaitForBlobsAsync(BlobLayout.JobPrefix(disturbed, jobId), logs, cancellationToken);
        Assert.Single(blobs, name => name.EndsWith("/result.json", StringComparison.Ordinal));
        var result = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(disturbed, jobId).Name, cancellationToken);
        var referenceJob = RecsysJobIds.DenseRound(reference, "mf", Specs.LongRoundSeed);
        var expected = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(reference, referenceJob).Name, cancellationToken);
        Assert.Equal(expected.Metrics, result.Metrics);

        // Both attempts ran to the end: each wrote the same artifacts to its own folder and logged the one result.
        string winnerPrefix = BlobLayout.AttemptPrefix(disturbed, jobId, result.Attempt);
        string loserPrefix = BlobLayout.AttemptPrefix(disturbed, jobId, 3 - result.Attempt);
        Assert.NotEmpty(result.Artifacts);
        Assert.All(result.Artifacts.Values, path => Assert.StartsWith($"{BlobLayout.RunsContainer}/{winnerPrefix}", path));
        var winnerFiles = FilesUnder(blobs, winnerPrefix);
        Assert.Equal(winnerFiles, FilesUnder(blobs, loserPrefix));
        Assert.Superset(result.Artifacts.Values.Select(path => path[$"{BlobLayout.RunsContainer}/{winnerPrefix}".Length..]).ToHashSet(), winnerFiles);
        foreach (var log in logs)
        {
            Assert.Contains($"result: attempt {result.Attempt}", await fixture.ReadRunTextAsync(log, cancellationToken), StringComparison.Ordinal);
        }

        // Either attempt may win the race to write result.json; the job reports the winner's attempt.
        var job = Assert.Single(await fixture.GetJobsAsync(disturbed, cancellationToken));
        Assert.Equal((JobState.Succeeded, result.Attempt), (job.State, job.Attempt));
    }

    private static HashSet<string> FilesUnder(IEnumerable<string> blobs, string prefix) =>
        blobs.Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).Select(name => name[prefix.Length..]).ToHashSet();

    /// <summary>Polls the job's heartbeat until attempt <paramref name="attempt"/> writes it.</summary>
    private async Task WaitForAttemptAsync(string runId, string jobId, int attempt, CancellationToken cancellationToken)
    {
        while ((await fixture.WaitForEpochAsync(runId, jobId, epoch: 0, cancellationToken)).Attempt < attempt)
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The blobs under <paramref name="prefix"/> once all of <paramref name="required"/> exist (the losing attempt finishes after the run).</summary>
    private async Task<List<string>> WaitForBlobsAsync(string prefix, IReadOnlyList<string> required, CancellationToken cancellationToken)
    {
        while (true)
        {
            var blobs = await fixture.ListRunBlobsAsync(prefix, cancellationToken);
            if (required.All(blobs.Contains))
            {
                return blobs;
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
